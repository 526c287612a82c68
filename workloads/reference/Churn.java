// Reference for workloads/churn.bg in Java 17: a ring of N Item objects
// {key, value} in one array; every step draws a 32-bit xorshift number x,
// adds the value of the item in slot x mod N (unsigned) to a 32-bit checksum
// and replaces that item by a new one (a young object stored into an old
// array: the write barrier's worst case). Same algorithm, allocations and
// output as churn.bg, byte for byte (32-bit values printed unsigned).
// Usage: java workloads/reference/Churn.java [N [STEPS]]   (defaults 200000 10000000)
public class Churn {
    static final class Item {
        final int key;
        final int value;

        Item(int key, int value) {
            this.key = key;
            this.value = value;
        }
    }

    static int arg(String[] args, int i, int dflt) {
        return args.length > i ? Integer.parseInt(args[i]) : dflt;
    }

    public static void main(String[] args) {
        int n = arg(args, 0, 200000);
        int steps = arg(args, 1, 10000000);
        if (n < 1) {
            throw new IllegalArgumentException("churn: N must be at least 1");
        }

        Item[] ring = new Item[n];
        int sum = 0; // running sum of the ring's values, wrapping at 32 bits
        for (int i = 0; i < n; i++) {
            ring[i] = new Item(i, i);
            sum += i;
        }

        int x = 0x9E3779B9;
        int checksum = 0;
        for (int i = 0; i < steps; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            int j = Integer.remainderUnsigned(x, n);
            int old = ring[j].value;
            checksum += old;
            sum += x - old;
            ring[j] = new Item(i, x);
        }

        int total = 0;
        for (int i = 0; i < n; i++) {
            Item item = ring[i];
            if (Integer.remainderUnsigned(item.value, n) != i || item.key >= steps) {
                throw new IllegalStateException("churn: slot " + i + " holds Item { key: " + item.key
                    + ", value: " + Integer.toUnsignedString(item.value) + " }");
            }
            total += item.value;
        }
        if (total != sum) {
            throw new IllegalStateException("churn: the ring's values sum to " + Integer.toUnsignedString(total)
                + ", expected " + Integer.toUnsignedString(sum));
        }
        System.out.println("ring of " + n + " items, " + steps + " steps");
        System.out.println("checksum " + Integer.toUnsignedString(checksum));
        System.out.println("ring sum " + Integer.toUnsignedString(total));
    }
}
