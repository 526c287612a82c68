// Reference for workloads/gcbench.bg in Java 17: GCBench (Ellis, Kovac,
// Boehm; after the public GCBench.java) with the same constants, allocations
// (Node objects with the fields left, right, i, j; a double[] for the
// long-lived array) and output, byte for byte (no timings).
// Usage: java workloads/reference/GcBench.java [STRETCH_DEPTH [LONG_LIVED_DEPTH [ARRAY_SIZE [MAX_TREE_DEPTH]]]]
//   defaults 18 16 500000 16
public class GcBench {
    static final class Node {
        Node left, right;
        int i, j;

        Node(Node left, Node right) {
            this.left = left;
            this.right = right;
        }

        Node() {
        }
    }

    static final int MIN_TREE_DEPTH = 4;

    // Nodes in a complete binary tree of the given depth.
    static int treeSize(int depth) {
        return (1 << (depth + 1)) - 1;
    }

    // Trees of the given depth built per phase: about twice the stretch tree's nodes.
    static int numIters(int stretchDepth, int depth) {
        return 2 * treeSize(stretchDepth) / treeSize(depth);
    }

    // Build a tree top down, storing new children into an existing node.
    static void populate(int depth, Node node) {
        if (depth > 0) {
            node.left = new Node();
            node.right = new Node();
            populate(depth - 1, node.left);
            populate(depth - 1, node.right);
        }
    }

    // Build a tree bottom up.
    static Node makeTree(int depth) {
        return depth <= 0 ? new Node() : new Node(makeTree(depth - 1), makeTree(depth - 1));
    }

    static int countNodes(Node node) {
        return node == null ? 0 : 1 + countNodes(node.left) + countNodes(node.right);
    }

    static void checkTree(String what, Node node, int depth) {
        int n = countNodes(node);
        if (n != treeSize(depth)) {
            throw new IllegalStateException(
                what + " of depth " + depth + " has " + n + " nodes, expected " + treeSize(depth));
        }
    }

    static void stretchMemory(int depth) {
        checkTree("stretch tree", makeTree(depth), depth);
    }

    static void timeConstruction(int stretchDepth, int depth) {
        int iters = numIters(stretchDepth, depth);
        System.out.println("Creating " + iters + " trees of depth " + depth);
        Node temp = null;
        for (int i = 0; i < iters; i++) {
            temp = new Node();
            populate(depth, temp);
        }
        checkTree("top-down tree", temp, depth);
        System.out.println("\tTop down construction");
        for (int i = 0; i < iters; i++) {
            temp = makeTree(depth);
        }
        checkTree("bottom-up tree", temp, depth);
        System.out.println("\tBottom up construction");
    }

    static int arg(String[] args, int i, int dflt) {
        return args.length > i ? Integer.parseInt(args[i]) : dflt;
    }

    public static void main(String[] args) {
        int stretchDepth = arg(args, 0, 18);
        int longLivedDepth = arg(args, 1, 16);
        int arraySize = arg(args, 2, 500000);
        int maxTreeDepth = arg(args, 3, 16);
        if (arraySize < 4) {
            throw new IllegalArgumentException("gcbench: ARRAY_SIZE must be at least 4");
        }

        System.out.println("Garbage Collector Test");
        System.out.println(" Stretching memory with a binary tree of depth " + stretchDepth);
        stretchMemory(stretchDepth);

        System.out.println(" Creating a long-lived binary tree of depth " + longLivedDepth);
        Node longLived = new Node();
        populate(longLivedDepth, longLived);

        System.out.println(" Creating a long-lived array of " + arraySize + " doubles");
        double[] array = new double[arraySize];
        int half = arraySize / 2;
        for (int i = 0; i < half; i++) {
            array[i] = 1.0 / i; // as in GCBench.java: element 0 is infinity
        }

        for (int depth = MIN_TREE_DEPTH; depth <= maxTreeDepth; depth += 2) {
            timeConstruction(stretchDepth, depth);
        }

        checkTree("long-lived tree", longLived, longLivedDepth);
        int k = Math.min(1000, half - 1);
        if (array[k] != 1.0 / k) {
            throw new IllegalStateException("long-lived array is broken: element " + k + " is " + array[k]);
        }
        System.out.println("Long-lived tree of depth " + longLivedDepth + " has " + treeSize(longLivedDepth) + " nodes");
        System.out.println("Long-lived array element " + k + " is 1.0/" + k);
        System.out.println("Completed.");
    }
}
