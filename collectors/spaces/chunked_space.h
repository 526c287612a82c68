// A space of memory chunks allocated by bumping a pointer: the policy under
// the immortal space, nogc, and the semispaces of the copying collector. It
// grows on demand, chunk by chunk, up to an optional byte limit. Objects tile
// every chunk exactly: a chunk's unused tail is filler. Chunks come from a
// ChunkPool and go back to it: the space's own, or one shared with other
// spaces (a copying collector's semispaces).
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "collectors/api/collector.h"
#include "collectors/spaces/chunk_pool.h"

namespace beagle::gc {

class ChunkedSpace {
 public:
  static constexpr size_t kDefaultChunkBytes = size_t{1} << 20;
  static constexpr size_t kBufferWords = 4096;  // a mutator's allocation buffer: 32 KiB

  // `limit_bytes` caps the memory of all chunks together; 0 means no cap.
  // Without a `shared_pool`, chunks the space drops stay in its own pool
  // until the space is destroyed.
  ChunkedSpace(const char* name, size_t limit_bytes, size_t chunk_bytes = kDefaultChunkBytes,
               ChunkPool* shared_pool = nullptr);
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

  // Gives every chunk back to the pool (the space becomes empty).
  void release_all();
  // Empties the space but keeps its first chunk for reuse.
  void reset();
  // Gives this space's chunks back to the pool, and moves every chunk of
  // `other` into this space.
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
  ChunkPool own_pool_;
  ChunkPool& pool_;
  size_t limit_bytes_;
  size_t chunk_bytes_;
  size_t committed_bytes_ = 0;
  size_t filler_words_ = 0;  // below the chunks' tops: not objects
  std::vector<Chunk> chunks_;

  bool add_chunk(size_t min_words);
  void seal_current_chunk();
};

}  // namespace beagle::gc
