// The library builtins of beagle.core and the built-in namespaces
// (LANGUAGE.md §6), one file per group; each group adds itself here.
#include "lang/runtime/builtins.h"

namespace beagle::rt {

void add_library_builtins(std::vector<Builtin>& out) { (void)out; }

}  // namespace beagle::rt
