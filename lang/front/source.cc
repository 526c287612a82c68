#include "lang/front/source.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace beagle::lang {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); i++) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

SourceFile SourceFile::read(const std::string& path) {
  if (std::filesystem::is_directory(path)) throw std::runtime_error("'" + path + "' is a directory, not a source file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open '" + path + "'");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return SourceFile(path, buffer.str());
}

std::string_view SourceFile::line_text(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  size_t start = line_starts_[line - 1];
  size_t end = line < line_starts_.size() ? line_starts_[line] - 1 : text_.size();
  return std::string_view(text_).substr(start, end - start);
}

std::string format_diagnostic(const SourceFile& file, SourcePos pos, const std::string& message) {
  std::string out = "Error: " + file.path() + ":" + std::to_string(pos.line) + ":" +
                    std::to_string(pos.column) + ": " + message + "\n";
  std::string_view line = file.line_text(pos.line);
  out += "  ";
  out += line;
  out += "\n  ";
  // Keep tabs in the caret line so the caret lines up under tabbed source.
  for (uint32_t i = 1; i < pos.column && i - 1 < line.size(); i++) {
    out += line[i - 1] == '\t' ? '\t' : ' ';
  }
  out += "^\n";
  return out;
}

}  // namespace beagle::lang
