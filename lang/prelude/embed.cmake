# Writes the prelude's Beagle source into a C++ file as a string constant.
file(READ ${INPUT} SOURCE)
file(WRITE ${OUTPUT} "// Generated from lang/prelude/core.bg by embed.cmake; do not edit.\n"
  "namespace beagle::rt { extern const char* const kPreludeSource; "
  "const char* const kPreludeSource = R\"BEAGLE_PRELUDE(${SOURCE})BEAGLE_PRELUDE\"; }\n")
