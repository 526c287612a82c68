// Reference for workloads/binary-trees.bg in JavaScript (node 20): the same
// algorithm, the same allocations (a Node with two fields per tree node) and
// the same output, byte for byte.
// Usage: node workloads/reference/binary-trees.js [DEPTH]   (default 10)
'use strict';

class Node {
  constructor(left, right) {
    this.left = left;
    this.right = right;
  }
}

function make(depth) {
  return depth === 0 ? new Node(null, null) : new Node(make(depth - 1), make(depth - 1));
}

function check(node) {
  return node.left === null ? 1 : 1 + check(node.left) + check(node.right);
}

function expected(depth) {
  return (1 << (depth + 1)) - 1;
}

function main(args) {
  const maxDepth = args.length > 0 ? parseInt(args[0], 10) : 10;
  const longLived = make(maxDepth);
  for (let depth = 4; depth <= maxDepth; depth += 2) {
    const iterations = 1 << (maxDepth - depth + 4);
    let total = 0;
    for (let i = 0; i < iterations; i++) {
      total += check(make(depth));
    }
    if (total !== iterations * expected(depth)) {
      throw new Error(`wrong node count at depth ${depth}: ${total}`);
    }
    console.log(`${iterations} trees of depth ${depth} check: ${total}`);
  }
  const longCheck = check(longLived);
  if (longCheck !== expected(maxDepth)) throw new Error(`long-lived tree is broken: ${longCheck}`);
  console.log(`long lived tree of depth ${maxDepth} check: ${longCheck}`);
}

main(process.argv.slice(2));
