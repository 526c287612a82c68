// Reference for workloads/churn.bg in JavaScript (node 20): a ring of N Item
// objects { key, value } in one array; every step draws a 32-bit xorshift
// number x, adds the value of the item in slot x mod N to a 32-bit checksum
// and replaces that item by a new one (a young object stored into an old
// array). Same algorithm, allocations and output as churn.bg, byte for byte.
// Usage: node workloads/reference/churn.js [N [STEPS]]   (defaults 200000 10000000)
'use strict';

class Item {
  constructor(key, value) {
    this.key = key;
    this.value = value;
  }
}

function arg(args, i, dflt) {
  if (args.length <= i) return dflt;
  if (!/^-?[0-9]+$/.test(args[i])) throw new Error(`churn: argument ${i + 1} is not an integer: ${args[i]}`);
  return parseInt(args[i], 10);
}

function main(args) {
  const n = arg(args, 0, 200000);
  const steps = arg(args, 1, 10000000);
  if (n < 1) throw new Error('churn: N must be at least 1');

  const ring = new Array(n);
  let sum = 0; // running sum of the ring's values, mod 2^32
  for (let i = 0; i < n; i++) {
    ring[i] = new Item(i, i);
    sum = (sum + i) >>> 0;
  }

  let x = 0x9E3779B9;
  let checksum = 0;
  for (let i = 0; i < steps; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    const j = x % n;
    const old = ring[j].value;
    checksum = (checksum + old) >>> 0;
    sum = (sum + x - old) >>> 0;
    ring[j] = new Item(i, x);
  }

  let total = 0;
  for (let i = 0; i < n; i++) {
    const item = ring[i];
    if (item.value % n !== i || item.key >= steps) throw new Error(`churn: slot ${i} holds ${JSON.stringify(item)}`);
    total = (total + item.value) >>> 0;
  }
  if (total !== sum) throw new Error(`churn: the ring's values sum to ${total}, expected ${sum}`);
  console.log(`ring of ${n} items, ${steps} steps`);
  console.log(`checksum ${checksum}`);
  console.log(`ring sum ${total}`);
}

main(process.argv.slice(2));
