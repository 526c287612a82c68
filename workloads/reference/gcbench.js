// Reference for workloads/gcbench.bg in JavaScript (node 20): GCBench (Ellis,
// Kovac, Boehm) with the same constants, allocations (Node objects with the
// fields left, right, i, j; a Float64Array for the long-lived array, like the
// Java double[]) and output, byte for byte.
// Usage: node workloads/reference/gcbench.js [STRETCH_DEPTH [LONG_LIVED_DEPTH [ARRAY_SIZE [MAX_TREE_DEPTH]]]]
//   defaults 18 16 500000 16
'use strict';

class Node {
  constructor(left = null, right = null) {
    this.left = left;
    this.right = right;
    this.i = 0;
    this.j = 0;
  }
}

const treeSize = (depth) => (1 << (depth + 1)) - 1;
const numIters = (stretchDepth, depth) => Math.trunc(2 * treeSize(stretchDepth) / treeSize(depth));

// Build a tree top down, storing new children into an existing node.
function populate(depth, node) {
  if (depth > 0) {
    node.left = new Node();
    node.right = new Node();
    populate(depth - 1, node.left);
    populate(depth - 1, node.right);
  }
}

// Build a tree bottom up.
function makeTree(depth) {
  return depth <= 0 ? new Node() : new Node(makeTree(depth - 1), makeTree(depth - 1));
}

function countNodes(node) {
  return node === null ? 0 : 1 + countNodes(node.left) + countNodes(node.right);
}

function checkTree(what, node, depth) {
  const n = countNodes(node);
  if (n !== treeSize(depth)) {
    throw new Error(`${what} of depth ${depth} has ${n} nodes, expected ${treeSize(depth)}`);
  }
}

function stretchMemory(depth) {
  checkTree('stretch tree', makeTree(depth), depth);
}

function timeConstruction(stretchDepth, depth) {
  const iters = numIters(stretchDepth, depth);
  console.log(`Creating ${iters} trees of depth ${depth}`);
  let temp = null;
  for (let i = 0; i < iters; i++) {
    temp = new Node();
    populate(depth, temp);
  }
  checkTree('top-down tree', temp, depth);
  console.log('\tTop down construction');
  for (let i = 0; i < iters; i++) {
    temp = makeTree(depth);
  }
  checkTree('bottom-up tree', temp, depth);
  console.log('\tBottom up construction');
}

function arg(args, i, dflt) {
  if (args.length <= i) return dflt;
  if (!/^-?[0-9]+$/.test(args[i])) throw new Error(`gcbench: argument ${i + 1} is not an integer: ${args[i]}`);
  return parseInt(args[i], 10);
}

function main(args) {
  const stretchDepth = arg(args, 0, 18);
  const longLivedDepth = arg(args, 1, 16);
  const arraySize = arg(args, 2, 500000);
  const maxTreeDepth = arg(args, 3, 16);
  const minTreeDepth = 4;
  if (arraySize < 4) throw new Error('gcbench: ARRAY_SIZE must be at least 4');

  console.log('Garbage Collector Test');
  console.log(` Stretching memory with a binary tree of depth ${stretchDepth}`);
  stretchMemory(stretchDepth);

  console.log(` Creating a long-lived binary tree of depth ${longLivedDepth}`);
  const longLived = new Node();
  populate(longLivedDepth, longLived);

  console.log(` Creating a long-lived array of ${arraySize} doubles`);
  const array = new Float64Array(arraySize);
  const half = Math.trunc(arraySize / 2);
  for (let i = 0; i < half; i++) {
    array[i] = 1.0 / i; // as in the Java: element 0 is infinity
  }

  for (let depth = minTreeDepth; depth <= maxTreeDepth; depth += 2) {
    timeConstruction(stretchDepth, depth);
  }

  checkTree('long-lived tree', longLived, longLivedDepth);
  const k = Math.min(1000, half - 1);
  if (array[k] !== 1.0 / k) throw new Error(`long-lived array is broken: element ${k} is ${array[k]}`);
  console.log(`Long-lived tree of depth ${longLivedDepth} has ${treeSize(longLivedDepth)} nodes`);
  console.log(`Long-lived array element ${k} is 1.0/${k}`);
  console.log('Completed.');
}

main(process.argv.slice(2));
