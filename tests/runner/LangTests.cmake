# Registration of Beagle language-test suites with ctest.
#
#   include(${CMAKE_SOURCE_DIR}/tests/runner/LangTests.cmake)
#   add_lang_test_suite(NAME <ctest name>
#                       CONFIGS <configs file>
#                       PATHS <dirs or .bg files>...
#                       [TIMEOUT <seconds for the whole suite>]
#                       [KNOWN_FAILURES <file of tests expected to fail for now>])
#
# Registers one ctest test that runs tests/runner/run_lang_tests.py with the
# `beagle` target over PATHS, under every configuration in the CONFIGS file
# (see tests/runner/README.md).  Relative CONFIGS and PATHS are taken relative
# to the calling CMakeLists.txt, like other CMake commands; the runner is
# started in ${CMAKE_SOURCE_DIR} and gets them relative to it, so test paths
# (which appear in error messages) stay short and stable.

function(_lang_tests_source_relative out path)
  cmake_path(ABSOLUTE_PATH path BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
  cmake_path(IS_PREFIX CMAKE_SOURCE_DIR "${path}" NORMALIZE inside)
  if(inside)
    cmake_path(RELATIVE_PATH path BASE_DIRECTORY "${CMAKE_SOURCE_DIR}")
  endif()
  set(${out} "${path}" PARENT_SCOPE)
endfunction()

function(add_lang_test_suite)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "NAME;CONFIGS;TIMEOUT;KNOWN_FAILURES" "PATHS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "add_lang_test_suite: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_NAME OR NOT ARG_CONFIGS OR NOT ARG_PATHS)
    message(FATAL_ERROR "add_lang_test_suite: NAME, CONFIGS and PATHS are required")
  endif()
  if(NOT Python3_EXECUTABLE)
    find_package(Python3 COMPONENTS Interpreter REQUIRED)
  endif()

  _lang_tests_source_relative(configs "${ARG_CONFIGS}")
  set(paths "")
  foreach(path IN LISTS ARG_PATHS)
    _lang_tests_source_relative(path "${path}")
    list(APPEND paths "${path}")
  endforeach()

  set(known "")
  if(ARG_KNOWN_FAILURES)
    _lang_tests_source_relative(known_file "${ARG_KNOWN_FAILURES}")
    set(known --known-failures ${known_file})
  endif()
  add_test(NAME ${ARG_NAME}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tests/runner/run_lang_tests.py
            --beagle $<TARGET_FILE:beagle> --configs ${configs} ${known} ${paths}
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(${ARG_NAME} PROPERTIES ENVIRONMENT PYTHONDONTWRITEBYTECODE=1)
  if(ARG_TIMEOUT)
    set_tests_properties(${ARG_NAME} PROPERTIES TIMEOUT ${ARG_TIMEOUT})
  endif()
endfunction()
