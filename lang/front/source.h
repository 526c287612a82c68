// A source file held in memory, and the syntax errors that point into it.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace beagle::lang {

// 1-based line and column; the column counts bytes.
struct SourcePos {
  uint32_t line = 1;
  uint32_t column = 1;
};

class SourceFile {
 public:
  // `path` is kept exactly as given: it appears in error locations.
  SourceFile(std::string path, std::string text);

  static SourceFile read(const std::string& path);  // throws std::runtime_error

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  std::string_view line_text(uint32_t line) const;  // without the newline

 private:
  std::string path_;
  std::string text_;
  std::vector<size_t> line_starts_;
};

// Any error found while reading source text: lexing, parsing, or a
// compile-time check that knows a position.
class SyntaxError : public std::runtime_error {
 public:
  SyntaxError(SourcePos pos, const std::string& message)
      : std::runtime_error(message), pos_(pos) {}
  SourcePos pos() const { return pos_; }

 private:
  SourcePos pos_;
};

// "Error: path:line:column: message" (LANGUAGE.md §7.4: a parse or compile
// error prints `Error: …` on stderr), then the offending line and a caret
// under the column, each line ending in '\n'.
std::string format_diagnostic(const SourceFile& file, SourcePos pos, const std::string& message);

}  // namespace beagle::lang
