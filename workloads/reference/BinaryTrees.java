// Reference for workloads/binary-trees.bg in Java 17: the same algorithm, the
// same allocations (a Node with two fields per tree node) and the same
// output, byte for byte.
// Usage: java workloads/reference/BinaryTrees.java [DEPTH]   (default 10)
public class BinaryTrees {
    static final class Node {
        final Node left, right;

        Node(Node left, Node right) {
            this.left = left;
            this.right = right;
        }
    }

    static Node make(int depth) {
        return depth == 0 ? new Node(null, null) : new Node(make(depth - 1), make(depth - 1));
    }

    static int check(Node node) {
        return node.left == null ? 1 : 1 + check(node.left) + check(node.right);
    }

    static int expected(int depth) {
        return (1 << (depth + 1)) - 1;
    }

    public static void main(String[] args) {
        int maxDepth = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Node longLived = make(maxDepth);
        for (int depth = 4; depth <= maxDepth; depth += 2) {
            int iterations = 1 << (maxDepth - depth + 4);
            long total = 0;
            for (int i = 0; i < iterations; i++) {
                total += check(make(depth));
            }
            if (total != (long) iterations * expected(depth)) {
                throw new IllegalStateException("wrong node count at depth " + depth + ": " + total);
            }
            System.out.println(iterations + " trees of depth " + depth + " check: " + total);
        }
        int longCheck = check(longLived);
        if (longCheck != expected(maxDepth)) {
            throw new IllegalStateException("long-lived tree is broken: " + longCheck);
        }
        System.out.println("long lived tree of depth " + maxDepth + " check: " + longCheck);
    }
}
