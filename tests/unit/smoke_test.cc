#include <gtest/gtest.h>
#include "lang/front/parser.h"
TEST(Smoke, Parses) { EXPECT_NO_THROW(beagle::lang::parse_expression("1 + 2")); }
