// The heap operations of the property tests, as RapidCheck commands
// (rc::state): each applies to the model (apply) and to the heap (run), and
// prints itself on one line (show), so that a failing case shrinks to a
// minimal sequence of operations and prints it readably.
//
// Every step then checks the heap against the model
// (HeapUnderTest::check_step); a step that forces collections also checks
// that every reachable object's hash is what it was before.
#pragma once

#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <memory>

#include "property-tests/heap_under_test.h"
#include "property-tests/model.h"

namespace beagle::gc::prop {

using HeapCommand = rc::state::Command<Model, HeapUnderTest>;

class Step : public HeapCommand {
 public:
  void run(const Model& s0, HeapUnderTest& sut) const final;

 protected:
  // What the step does to the heap; `s0` is the model before it.
  virtual void perform(const Model& s0, HeapUnderTest& sut) const = 0;
  // Does the step force collections (so that hashes are compared around
  // it)? Allocations may collect too, but hashing every object before each
  // of them would cost most of the test's time.
  virtual bool collects() const { return false; }
};

// One operation valid in the model's state, chosen at random:
// allocations of every shape and of sizes on both sides of the collector's
// large-object threshold (held in a root or a handle, or dropped at once),
// lists built under a handle scope, stores through the store path into any
// reachable object (links and unlinks), pushes and drops of roots and
// handles, handle scopes, collections of each kind the Heap can ask for,
// and checks that full collections reclaim what is unreachable. Steps name
// objects by id, never by the slot that holds them, so that a step keeps
// its meaning when shrinking removes an earlier one.
rc::Gen<std::shared_ptr<const HeapCommand>> any_step(const Model& model);

}  // namespace beagle::gc::prop
