// A space of memory chunks allocated by bumping a pointer: the policy under
// the immortal space, nogc, and the semispaces of the copying collector. It
// grows on demand, chunk by chunk, up to an optional byte limit. Objects tile
// every chunk exactly: a chunk's unused tail is filler.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "collectors/api/collector.h"

namespace beagle::gc {

class ChunkedSpace {
 public:
  static constexpr size_t kDefaultChunkBytes = size_t{1} << 20;
  static constexpr size_t kBufferWords = 4096;  // a mutator's allocation buffer: 32 KiB

  // `limit_bytes` caps the memory of all chunks together; 0 means no cap.
  ChunkedSpace(const char* name, size_t limit_bytes, size_t chunk_bytes = kDefaultChunkBytes);
  ~ChunkedSpace();
  ChunkedSpace(const ChunkedSpace&) = delete;
  ChunkedSpace& operator=(const ChunkedSpace&) = delete;

  // Room for one object, or nullptr when the limit is reached.
  Word* allocate(size_t total_words);

  // Gives the mutator a fresh buffer of at least `total_words` words (at
  // most kBufferWords, or mutator.buffer_room_words if less) and returns
  // the first `total_words` of it, or nullptr at the limit. The mutator's
  // previous buffer is retired first.
  Word* allocate_with_buffer(Mutator& mutator, size_t total_words);
  // Retires the mutator's buffer (its unused rest becomes filler, which
  // used_bytes() does not count).
  void retire_buffer(Mutator& mutator);

  void for_each_range(const std::function<void(const SpaceRange&)>& fn) const;
  bool contains(const Word* p) const;

  // Drops every chunk (the space becomes empty).
  void release_all();
  // Empties the space but keeps its first chunk's memory for reuse.
  void reset();
  // Moves every chunk of `other` into this space (which must be empty).
  void take_chunks_of(ChunkedSpace& other);

  // The bytes of objects: everything allocated, less the filler of
  // retired buffers and sealed chunk tails. A buffer a mutator holds
  // counts whole.
  size_t used_bytes() const;
  size_t committed_bytes() const { return committed_bytes_; }

  // Chunks in allocation order; `top` is where the next object goes.
  struct Chunk {
    Word* begin;
    Word* top;
    Word* end;
  };
  const std::vector<Chunk>& chunks() const { return chunks_; }

 private:
  const char* name_;
  size_t limit_bytes_;
  size_t chunk_bytes_;
  size_t committed_bytes_ = 0;
  size_t filler_words_ = 0;  // below the chunks' tops: not objects
  std::vector<Chunk> chunks_;

  bool add_chunk(size_t min_words);
  void seal_current_chunk();
};

}  // namespace beagle::gc
