#include "collectors/spaces/chunked_space.h"

#include <algorithm>

namespace beagle::gc {

ChunkedSpace::ChunkedSpace(const char* name, size_t limit_bytes, size_t chunk_bytes, ChunkPool* shared_pool)
    : name_(name),
      pool_(shared_pool != nullptr ? *shared_pool : own_pool_),
      limit_bytes_(limit_bytes),
      chunk_bytes_(chunk_bytes) {}

ChunkedSpace::~ChunkedSpace() { release_all(); }

void ChunkedSpace::release_all() {
  for (const Chunk& c : chunks_) pool_.give(c.begin, size_t(c.end - c.begin) * sizeof(Word));
  chunks_.clear();
  committed_bytes_ = 0;
  filler_words_ = 0;
}

void ChunkedSpace::reset() {
  if (chunks_.empty()) return;
  Chunk first = chunks_.front();
  for (size_t i = 1; i < chunks_.size(); i++) {
    pool_.give(chunks_[i].begin, size_t(chunks_[i].end - chunks_[i].begin) * sizeof(Word));
  }
  first.top = first.begin;
  chunks_.assign(1, first);
  committed_bytes_ = size_t(first.end - first.begin) * sizeof(Word);
  filler_words_ = 0;
}

void ChunkedSpace::take_chunks_of(ChunkedSpace& other) {
  release_all();
  chunks_ = std::move(other.chunks_);
  committed_bytes_ = other.committed_bytes_;
  filler_words_ = other.filler_words_;
  other.chunks_.clear();
  other.committed_bytes_ = 0;
  other.filler_words_ = 0;
}

// The rest of the current chunk becomes filler, so the chunk still tiles.
void ChunkedSpace::seal_current_chunk() {
  if (chunks_.empty()) return;
  Chunk& c = chunks_.back();
  if (c.top < c.end) {
    *c.top = filler_header(size_t(c.end - c.top)).bits();
    filler_words_ += size_t(c.end - c.top);
    c.top = c.end;
  }
}

bool ChunkedSpace::add_chunk(size_t min_words) {
  size_t bytes = std::max(chunk_bytes_, min_words * sizeof(Word));
  bytes = (bytes + 4095) & ~size_t{4095};
  if (limit_bytes_ != 0 && committed_bytes_ + bytes > limit_bytes_) {
    if (committed_bytes_ + min_words * sizeof(Word) > limit_bytes_) return false;
    bytes = ((limit_bytes_ - committed_bytes_) & ~size_t{4095});
    if (bytes < min_words * sizeof(Word)) return false;
  }
  Word* begin = pool_.take(bytes);
  if (begin == nullptr) return false;
  seal_current_chunk();
  chunks_.push_back({begin, begin, begin + bytes / sizeof(Word)});
  committed_bytes_ += bytes;
  return true;
}

Word* ChunkedSpace::allocate(size_t total_words) {
  if (chunks_.empty() || size_t(chunks_.back().end - chunks_.back().top) < total_words) {
    if (!add_chunk(total_words)) return nullptr;
  }
  Chunk& c = chunks_.back();
  Word* result = c.top;
  c.top += total_words;
  return result;
}

void ChunkedSpace::retire_buffer(Mutator& mutator) {
  if (mutator.alloc_ptr != nullptr) filler_words_ += size_t(mutator.alloc_limit - mutator.alloc_ptr);
  gc::retire_buffer(mutator);
}

Word* ChunkedSpace::allocate_with_buffer(Mutator& mutator, size_t total_words) {
  retire_buffer(mutator);
  size_t want = std::max(total_words, std::min(kBufferWords, mutator.buffer_room_words));
  if (chunks_.empty() || size_t(chunks_.back().end - chunks_.back().top) < want) {
    // Use what is left of the chunk if the object fits, rather than waste it.
    bool fits = !chunks_.empty() && size_t(chunks_.back().end - chunks_.back().top) >= total_words;
    if (!fits && !add_chunk(want)) return nullptr;
    want = std::min(want, size_t(chunks_.back().end - chunks_.back().top));
  }
  Chunk& c = chunks_.back();
  Word* result = c.top;
  mutator.alloc_ptr = c.top + total_words;
  mutator.alloc_limit = c.top + want;
  c.top += want;
  return result;
}

void ChunkedSpace::for_each_range(const std::function<void(const SpaceRange&)>& fn) const {
  for (const Chunk& c : chunks_) fn({name_, c.begin, c.top});
}

bool ChunkedSpace::contains(const Word* p) const {
  for (const Chunk& c : chunks_) {
    if (p >= c.begin && p < c.end) return true;
  }
  return false;
}

size_t ChunkedSpace::used_bytes() const {
  size_t words = 0;
  for (const Chunk& c : chunks_) words += size_t(c.top - c.begin);
  return (words - filler_words_) * sizeof(Word);
}

}  // namespace beagle::gc
