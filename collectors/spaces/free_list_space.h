// A non-moving space of size-segregated free lists (the small-object policy
// under mark-sweep, and under the old space of later generational or
// concurrent collectors).
//
// Memory comes in blocks of kBlockBytes, each mmap'd at an address aligned
// to its size, so that `address & ~(kBlockBytes - 1)` names the block of any
// address. A block's first word is a one-word filler, its block mark, which
// marking any of its objects marks (header.h, "Block marks"): a sweep pools
// a block left unmarked without reading its cells. A block serves one size
// class: the rest of it is cut into cells of that class's size. Cells never used since the block took its class form the
// block's fresh tail, covered by one filler and carved off in order; a cell
// freed by a sweep is a filler (`filler_header(cell_words)`) whose second
// word links to the next free cell of the block. An object smaller than its
// cell is followed by a filler for the rest of the cell, so every block tiles
// exactly with objects and fillers.
//
// A block can also serve objects of any size, bump-allocated in order (a
// collector that pretenures: allocate_bumped(), hand_out_bump_buffer()).
// Such a block tiles with objects and fillers as well; its tail past the
// bump pointer is one filler. A sweep pools it if it is unmarked; in a
// marked one, dead objects become fillers and the block serves no
// allocation until a later sweep finds it unmarked.
//
// The space knows nothing of roots or policy: a collector marks objects
// (kMarked in the header), then calls sweep(), which sweeps lazily: a block
// is swept (its unmarked cells freed, its marks cleared) only when its size
// class needs a cell, or when finish_sweeping() is called, as a collector
// must before it marks again or lets the verifier walk the space. Blocks
// left empty go to a pool and can serve any size class next.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "collectors/api/allocation.h"
#include "collectors/api/collector.h"

namespace beagle::gc {

class FreeListSpace {
 public:
  // Small blocks keep sweeping and verification cheap when collections are
  // frequent (gc-always collects at every allocation).
  static constexpr size_t kBlockBytes = kMarkBlockBytes;  // marked whole (header.h)
  static constexpr size_t kBlockWords = kBlockBytes / sizeof(Word);
  static constexpr size_t kBlocksPerMapping = 64;

  // Objects of up to `max_object_words` words (header included) fit.
  FreeListSpace(const char* name, size_t max_object_words);
  ~FreeListSpace();
  FreeListSpace(const FreeListSpace&) = delete;
  FreeListSpace& operator=(const FreeListSpace&) = delete;

  const SizeClasses& size_classes() const { return classes_; }

  // A cell for an object of `total_words`, from the free lists or from an
  // empty pooled block, without taking new memory; nullptr if there is none.
  // It sweeps unswept blocks as it needs them, at most `max_blocks_to_sweep`
  // in this call (a collector copying into the space bounds its pause so).
  // Inline when the class's current block has a cell: promotion calls this
  // once for every object it copies.
  Word* allocate(size_t total_words, size_t max_blocks_to_sweep = SIZE_MAX) {
    size_t size_class = classes_.class_of(total_words);
    Block* block = by_class_[size_class].current;
    if (block != nullptr && block->has_free_cell()) [[likely]] return take_cell(*block, total_words);
    return allocate_in_another_block(size_class, total_words, max_blocks_to_sweep);
  }
  // Maps a new block for the object's class and allocates from it; nullptr
  // if the system refuses the memory.
  Word* allocate_in_new_block(size_t total_words);

  // The free-list fast path (api/allocation.h): after allocate() or
  // allocate_in_new_block() served an object of `total_words`, hands the
  // mutator the rest of the free cells of the block that served it, as its
  // list for that size class (which must be empty), unless a stress mode is
  // on. Held cells count in used_bytes() whole, as a bump buffer does, and
  // so do the objects allocated from them until the next sweep. At most
  // what mutator.buffer_room_words leaves beside the object is handed over.
  // Returns the words handed over.
  size_t hand_out_free_cells(Mutator& mutator, size_t total_words);
  // Takes back every list the mutator holds (a collection is about to
  // begin, or its thread ends); returns the words taken back.
  size_t take_back_free_cells(Mutator& mutator);

  // Room for an object of `total_words` in the space's bump block, taking
  // an empty block when it is full (sweeping at most `max_blocks_to_sweep`
  // to find one, else mapping a new one); nullptr if the system refuses
  // the memory.
  Word* allocate_bumped(size_t total_words, size_t max_blocks_to_sweep = SIZE_MAX);
  // Gives the mutator the rest of the bump block (at most
  // mutator.buffer_room_words), as its bump buffer, and returns the first
  // `total_words` of it; the buffer counts in used_bytes() whole. The
  // mutator's buffer must be empty (retire_bump_buffer()).
  Word* hand_out_bump_buffer(Mutator& mutator, size_t total_words, size_t max_blocks_to_sweep = SIZE_MAX);
  // The unused rest of the mutator's bump buffer becomes filler again.
  void retire_bump_buffer(Mutator& mutator);
  // Starts a log of bump allocation, so that for_each_bumped_object() can
  // walk every object bump-allocated since (a collector that marks them:
  // they were allocated while it marked). stop_bump_log() ends it.
  void start_bump_log();
  void stop_bump_log();
  // Every mutator's bump buffer must be retired.
  void for_each_bumped_object(const std::function<void(Word*)>& fn) const;

  // Is `p` in a cell of a block in use? Cheap: one mask and one hash lookup.
  bool contains(const Word* p) const;

  // Frees every unmarked object and clears the marks of the others, lazily
  // (above). `live_words`: the words of the marked objects in this space,
  // which the marker counted, so that used_bytes() is exact at once.
  void sweep(size_t live_words);
  // Sweeps every block that sweep() left unswept.
  void finish_sweeping() { sweep_some(SIZE_MAX); }
  // Sweeps at most `max_blocks` of them; true when none is left.
  bool sweep_some(size_t max_blocks);
  // The blocks sweep() left that are still unswept.
  size_t unswept_blocks() const;
  // Unmaps pooled empty blocks until at most `keep` remain; returns the
  // bytes released.
  size_t release_empty_blocks(size_t keep);

  void for_each_range(const std::function<void(const SpaceRange&)>& fn) const;

  size_t used_bytes() const { return used_words_ * sizeof(Word); }
  size_t committed_bytes() const { return blocks_.size() * kBlockBytes; }
  size_t empty_blocks() const { return empty_blocks_.size(); }

 private:
  static constexpr uint32_t kNoClass = UINT32_MAX;
  static constexpr uint32_t kBumpClass = UINT32_MAX - 1;  // objects of any size, in order

  struct Block {
    Word* begin;  // aligned to kBlockBytes
    uint32_t size_class = kNoClass;
    uint32_t cell_words = 0;
    uint32_t cell_count = 0;  // 0 while the block is pooled
    uint32_t free_count = 0;    // free-list cells plus fresh ones
    Word* free_head = nullptr;  // a free cell's word 1 links to the next
    Word* fresh = nullptr;      // the first never-used cell

    Word* cells_begin() const { return begin + 1; }  // after the block mark
    Word* cells_end() const { return cells_begin() + size_t(cell_words) * cell_count; }
    bool has_free_cell() const { return free_head != nullptr || fresh < cells_end(); }
    bool is_empty() const { return free_count == cell_count; }
  };

  // Where a class allocates: its current block, then the others with free
  // cells, then its blocks not yet swept.
  struct ClassState {
    Block* current = nullptr;
    std::vector<Block*> with_free_cells;
    std::vector<Block*> unswept;
  };

  const char* name_;
  SizeClasses classes_;
  std::vector<ClassState> by_class_;
  std::unordered_map<uintptr_t, std::unique_ptr<Block>> blocks_;  // by begin address
  std::vector<Block*> empty_blocks_;  // pooled, serving no class
  Block* bump_block_ = nullptr;        // where allocate_bumped() goes on
  // The bump log: from where in which block it began, and the blocks
  // taken since.
  bool bump_logging_ = false;
  Block* bump_log_first_ = nullptr;
  Word* bump_log_from_ = nullptr;
  std::vector<Block*> bump_log_blocks_;
  std::vector<Block*> unswept_bumped_;
  std::vector<Word*> unused_blocks_;  // mapped but never handed out
  std::vector<Word*> mappings_;       // each of kBlocksPerMapping blocks
  size_t used_words_ = 0;  // of allocated objects, live or not yet swept

  Word* allocate_in_another_block(size_t size_class, size_t total_words, size_t max_blocks_to_sweep);
  Block& block_of(const Word* cell) const;
  void link_fresh_cells(Block& block);
  Word* take_cell(Block& block, size_t total_words) {
    Word* cell = block.free_head;
    if (cell != nullptr) {
      block.free_head = reinterpret_cast<Word*>(cell[1]);
      // Free cells lie anywhere in the block: fetch the next one's line (its
      // link, and where the next object goes) while this one is filled.
      __builtin_prefetch(block.free_head, 1);
    } else {
      cell = carve_fresh_cell(block);
    }
    block.free_count--;
    if (total_words < block.cell_words) cell[total_words] = filler_header(block.cell_words - total_words).bits();
    used_words_ += total_words;
    return cell;
  }
  // The fresh tail's first cell; the rest of the tail stays one filler.
  // Cells are carved in address order (promotion carves one per object it
  // copies): fetch, for writing, the line a few cells on, as far ahead as
  // the allocation fast paths do (api/allocation.h).
  Word* carve_fresh_cell(Block& block) {
    Word* cell = block.fresh;
    block.fresh += block.cell_words;
    cover_fresh_tail(block);
    __builtin_prefetch(reinterpret_cast<const char*>(block.fresh) + kAllocationPrefetchBytes, 1);
    return cell;
  }
  // The block's words from `fresh` to its cells' end become one filler.
  static void cover_fresh_tail(Block& block) {
    if (block.fresh < block.cells_end()) *block.fresh = filler_header(size_t(block.cells_end() - block.fresh)).bits();
  }
  void assign_to_class(Block& block, size_t size_class);
  void push_free_cell(Block& block, Word* cell);
  Block* take_bump_block(size_t max_blocks_to_sweep);
  void sweep_block(Block& block);
  void sweep_bumped_block(Block& block);
  void file_swept_block(Block& block);
  bool sweep_until_a_block_is_empty(size_t& budget);
  void pool(Block& block);
  Block* map_block();
  bool map_more_blocks();
  void unmap_block(Block* block);
};

}  // namespace beagle::gc
