// Copying a runtime object with a run of its fields replaced: the one way the
// persistent collections build a changed node (path copying).
//
// GC safety (FAILURE-MODES #8): the source object and every inserted value
// are passed as Handles, because the allocation of the copy may move them.
// The copy is filled completely right after it is allocated, with no
// allocation in between, so every store is an initialising store into the
// newest object.
#pragma once

#include <cstddef>
#include <initializer_list>

#include "collectors/roots/handles.h"
#include "lang/runtime/objects.h"
#include "lang/runtime/thread.h"

namespace beagle::rt {

using gc::Handle;
using gc::HandleScope;

// A new object of `type` whose fields are
//   source[0, at) ++ inserted ++ source[at + removed, size).
Value copy_splice(Thread& thread, Type type, Handle source, size_t at, size_t removed,
                  std::initializer_list<Handle> inserted);

// A new object of `type` holding exactly `values` (no source).
Value new_node(Thread& thread, Type type, std::initializer_list<Handle> values);

}  // namespace beagle::rt
