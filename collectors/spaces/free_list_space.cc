#include "collectors/spaces/free_list_space.h"

#include <sys/mman.h>

#include <algorithm>
#include <cassert>

namespace beagle::gc {

FreeListSpace::FreeListSpace(const char* name, size_t max_object_words)
    : name_(name), classes_(max_object_words), by_class_(classes_.count()) {}

// A mapping at a time, not a block at a time: unmapping binary-trees 21's
// 43,000 blocks one by one added 0.1 s to its exit. A block released
// before leaves a hole, which munmap passes over.
FreeListSpace::~FreeListSpace() {
  for (Word* mapping : mappings_) munmap(mapping, kBlocksPerMapping * kBlockBytes);
}

// The class's current block is full: the next block of the class with a
// free cell, else an unswept one of the class swept now, else an empty one.
Word* FreeListSpace::allocate_in_another_block(size_t size_class, size_t total_words, size_t max_blocks_to_sweep) {
  size_t budget = max_blocks_to_sweep;
  ClassState& state = by_class_[size_class];
  while (state.current == nullptr || !state.current->has_free_cell()) {
    if (!state.with_free_cells.empty()) {
      state.current = state.with_free_cells.back();
      state.with_free_cells.pop_back();
    } else if (!state.unswept.empty() && budget > 0) {
      budget--;
      Block* block = state.unswept.back();
      state.unswept.pop_back();
      sweep_block(*block);
      file_swept_block(*block);
    } else if (!empty_blocks_.empty() || sweep_until_a_block_is_empty(budget)) {
      state.current = empty_blocks_.back();
      empty_blocks_.pop_back();
      assign_to_class(*state.current, size_class);
    } else {
      return nullptr;
    }
  }
  return take_cell(*state.current, total_words);
}

Word* FreeListSpace::allocate_in_new_block(size_t total_words) {
  Block* block = map_block();
  if (block == nullptr) return nullptr;
  size_t size_class = classes_.class_of(total_words);
  assign_to_class(*block, size_class);
  ClassState& state = by_class_[size_class];
  if (state.current != nullptr && state.current->has_free_cell()) state.with_free_cells.push_back(state.current);
  state.current = block;
  return take_cell(*block, total_words);
}

size_t FreeListSpace::hand_out_free_cells(Mutator& mutator, size_t total_words) {
  if (!mutator.buffer_allowed) return 0;
  size_t size_class = classes_.class_of(total_words);
  Block* block = by_class_[size_class].current;
  if (block == nullptr || !block->has_free_cell()) return 0;
  size_t room = mutator.buffer_room_words > total_words ? mutator.buffer_room_words - total_words : 0;
  size_t count = std::min<size_t>(block->free_count, room / block->cell_words);
  if (count == 0) return 0;
  link_fresh_cells(*block);
  Word* first = block->free_head;
  if (count == block->free_count) {
    block->free_head = nullptr;  // the whole list, which ends in a null link already
  } else {
    Word* last = first;
    for (size_t i = 1; i < count; i++) last = reinterpret_cast<Word*>(last[1]);
    block->free_head = reinterpret_cast<Word*>(last[1]);
    last[1] = 0;
  }
  block->free_count -= uint32_t(count);
  mutator.free_cells[size_class] = first;
  size_t words = count * block->cell_words;
  used_words_ += words;
  return words;
}

// A bump block's `fresh` is its bump pointer; the rest of the block past it
// is one filler.
FreeListSpace::Block* FreeListSpace::take_bump_block(size_t max_blocks_to_sweep) {
  size_t budget = max_blocks_to_sweep;
  Block* block = nullptr;
  if (!empty_blocks_.empty() || sweep_until_a_block_is_empty(budget)) {
    block = empty_blocks_.back();
    empty_blocks_.pop_back();
  } else {
    block = map_block();
    if (block == nullptr) return nullptr;
  }
  block->size_class = kBumpClass;
  block->cell_words = 1;
  block->cell_count = uint32_t(kBlockWords - 1);
  block->free_count = 0;
  block->free_head = nullptr;
  block->begin[0] = filler_header(1).bits();  // the block mark
  block->fresh = block->cells_begin();
  cover_fresh_tail(*block);
  if (bump_logging_) bump_log_blocks_.push_back(block);
  return block;
}

void FreeListSpace::start_bump_log() {
  bump_logging_ = true;
  bump_log_first_ = bump_block_;
  bump_log_from_ = bump_block_ != nullptr ? bump_block_->fresh : nullptr;
  bump_log_blocks_.clear();
}

void FreeListSpace::stop_bump_log() {
  bump_logging_ = false;
  bump_log_first_ = nullptr;
  bump_log_blocks_.clear();
}

// Each block tiles from where the log began in it to its end (the tail
// past the bump pointer, and retired buffers' rests, are fillers).
void FreeListSpace::for_each_bumped_object(const std::function<void(Word*)>& fn) const {
  auto walk = [&](Word* from, Word* end) {
    for (Word* object = from; object < end; object += header_of(object).total_words()) {
      if (header_of(object).type() != kFillerType) fn(object);
    }
  };
  if (bump_log_first_ != nullptr) walk(bump_log_from_, bump_log_first_->cells_end());
  for (const Block* block : bump_log_blocks_) walk(block->cells_begin(), block->cells_end());
}

Word* FreeListSpace::allocate_bumped(size_t total_words, size_t max_blocks_to_sweep) {
  if (bump_block_ == nullptr || size_t(bump_block_->cells_end() - bump_block_->fresh) < total_words) {
    bump_block_ = take_bump_block(max_blocks_to_sweep);
    if (bump_block_ == nullptr) return nullptr;
  }
  Word* object = bump_block_->fresh;
  bump_block_->fresh += total_words;
  cover_fresh_tail(*bump_block_);
  used_words_ += total_words;
  return object;
}

Word* FreeListSpace::hand_out_bump_buffer(Mutator& mutator, size_t total_words, size_t max_blocks_to_sweep) {
  Word* object = allocate_bumped(total_words, max_blocks_to_sweep);
  if (object == nullptr) return nullptr;
  size_t rest = size_t(bump_block_->cells_end() - bump_block_->fresh);
  size_t room = mutator.buffer_room_words > total_words ? mutator.buffer_room_words - total_words : 0;
  size_t extra = std::min(rest, room);
  mutator.alloc_ptr = object + total_words;
  mutator.alloc_limit = mutator.alloc_ptr + extra;
  bump_block_->fresh += extra;
  cover_fresh_tail(*bump_block_);
  used_words_ += extra;
  return object;
}

void FreeListSpace::retire_bump_buffer(Mutator& mutator) {
  if (mutator.alloc_ptr != nullptr) used_words_ -= size_t(mutator.alloc_limit - mutator.alloc_ptr);
  retire_buffer(mutator);
}

// The block's fresh tail joins the front of its free list, in address order.
void FreeListSpace::link_fresh_cells(Block& block) {
  Word* end = block.cells_end();
  for (Word* cell = end; cell > block.fresh;) {
    cell -= block.cell_words;
    push_free_cell(block, cell);
    block.free_count--;  // a fresh cell was counted free already
  }
  block.fresh = end;
}

// Each list goes back to the front of its block's free list. A block whose
// free cells were all handed out is in no list of its class (unless it is
// still the class's current block): it is filed again.
size_t FreeListSpace::take_back_free_cells(Mutator& mutator) {
  size_t words = 0;
  for (Word*& first : mutator.free_cells) {
    if (first == nullptr) continue;
    Block& block = block_of(first);
    Word* last = first;
    uint32_t count = 1;
    for (; last[1] != 0; count++) last = reinterpret_cast<Word*>(last[1]);
    bool was_filed = block.has_free_cell() || by_class_[block.size_class].current == &block;
    last[1] = reinterpret_cast<Word>(block.free_head);
    block.free_head = first;
    block.free_count += count;
    if (!was_filed) by_class_[block.size_class].with_free_cells.push_back(&block);
    words += size_t(count) * block.cell_words;
    first = nullptr;
  }
  used_words_ -= words;
  return words;
}

FreeListSpace::Block& FreeListSpace::block_of(const Word* cell) const {
  return *blocks_.at(reinterpret_cast<uintptr_t>(cell) & ~(kBlockBytes - 1));
}

bool FreeListSpace::contains(const Word* p) const {
  auto it = blocks_.find(reinterpret_cast<uintptr_t>(p) & ~(kBlockBytes - 1));
  return it != blocks_.end() && it->second->cell_count != 0 && p < it->second->cells_end();
}

// Every cell of the block is fresh: one filler, carved off in order, so a
// new block costs no pass over its memory.
void FreeListSpace::assign_to_class(Block& block, size_t size_class) {
  block.size_class = uint32_t(size_class);
  block.cell_words = uint32_t(classes_.cell_words(size_class));
  block.cell_count = uint32_t((kBlockWords - 1) / block.cell_words);
  block.free_head = nullptr;
  block.free_count = block.cell_count;
  block.begin[0] = filler_header(1).bits();  // the block mark
  block.fresh = block.cells_begin();
  cover_fresh_tail(block);
}

void FreeListSpace::push_free_cell(Block& block, Word* cell) {
  cell[0] = filler_header(block.cell_words).bits();
  cell[1] = reinterpret_cast<Word>(block.free_head);
  block.free_head = cell;
  block.free_count++;
}

void FreeListSpace::sweep(size_t live_words) {
  used_words_ = live_words;
  for (ClassState& state : by_class_) {
    state.current = nullptr;
    state.with_free_cells.clear();
    state.unswept.clear();
  }
  bump_block_ = nullptr;
  unswept_bumped_.clear();
  for (auto& entry : blocks_) {
    Block& block = *entry.second;
    if (block.cell_count == 0) continue;  // pooled
    if (block.size_class == kBumpClass) {
      unswept_bumped_.push_back(&block);
    } else {
      by_class_[block.size_class].unswept.push_back(&block);
    }
  }
}

bool FreeListSpace::sweep_some(size_t max_blocks) {
  for (; !unswept_bumped_.empty(); max_blocks--) {
    if (max_blocks == 0) return false;
    Block* block = unswept_bumped_.back();
    unswept_bumped_.pop_back();
    sweep_bumped_block(*block);
  }
  for (ClassState& state : by_class_) {
    for (; !state.unswept.empty(); max_blocks--) {
      if (max_blocks == 0) return false;
      Block* block = state.unswept.back();
      state.unswept.pop_back();
      sweep_block(*block);
      file_swept_block(*block);
    }
  }
  return true;
}

size_t FreeListSpace::unswept_blocks() const {
  size_t count = unswept_bumped_.size();
  for (const ClassState& state : by_class_) count += state.unswept.size();
  return count;
}

// A swept block goes to the pool if it is empty, to its class's blocks
// with free cells if it has some; a full one is only in blocks_.
void FreeListSpace::file_swept_block(Block& block) {
  if (block.is_empty()) {
    pool(block);
  } else if (block.has_free_cell()) {
    by_class_[block.size_class].with_free_cells.push_back(&block);
  }
}

// Sweeps other classes' blocks until one turns out empty (so that it can
// serve any class) or none is left unswept.
bool FreeListSpace::sweep_until_a_block_is_empty(size_t& budget) {
  while (!unswept_bumped_.empty() && budget > 0) {  // their objects often die together
    budget--;
    Block* block = unswept_bumped_.back();
    unswept_bumped_.pop_back();
    sweep_bumped_block(*block);
    if (!empty_blocks_.empty()) return true;
  }
  for (ClassState& state : by_class_) {
    while (!state.unswept.empty() && budget > 0) {
      budget--;
      Block* block = state.unswept.back();
      state.unswept.pop_back();
      sweep_block(*block);
      file_swept_block(*block);
      if (!empty_blocks_.empty()) return true;
    }
  }
  return false;
}

// Rebuilds the block's free list from every unmarked cell below the fresh
// tail (garbage, or free already); survivors lose their mark. The fresh tail
// stays as it is: its words were never written as cells. (used_words_ was
// set from the marker's count: sweeping does not change it.)
// A block whose mark is clear is left unread and counted empty: the caller
// pools it, and it is cut afresh when it next serves a class.
void FreeListSpace::sweep_block(Block& block) {
  Header mark = header_of(block.begin);
  if (!mark.has(kMarked)) {
    block.free_head = nullptr;
    block.free_count = block.cell_count;
    return;
  }
  set_header(block.begin, mark.without(kMarked));
  size_t carved = size_t(block.fresh - block.cells_begin()) / block.cell_words;
  block.free_head = nullptr;
  block.free_count = uint32_t(size_t(block.cells_end() - block.fresh) / block.cell_words);
  for (size_t i = carved; i-- > 0;) {
    Word* cell = block.cells_begin() + i * block.cell_words;
    Header h = header_of(cell);
    if (h.has(kMarked)) {
      set_header(cell, h.without(kMarked));  // running mutators read it
    } else {
      push_free_cell(block, cell);
    }
  }
}

// A block whose mark is clear is pooled unread. In a marked one, the marked
// objects lose their mark and each run of unmarked objects and fillers
// becomes one filler.
void FreeListSpace::sweep_bumped_block(Block& block) {
  Header mark = header_of(block.begin);
  if (!mark.has(kMarked)) {
    pool(block);
    return;
  }
  set_header(block.begin, mark.without(kMarked));
  Word* end = block.cells_end();
  Word* dead_from = block.cells_begin();
  for (Word* object = dead_from; object < end;) {
    __builtin_prefetch(object + 64);  // each header says where the next is: fetch ahead of the chain
    Header h = header_of(object);
    size_t words = h.total_words();
    if (h.has(kMarked)) {
      if (dead_from < object) *dead_from = filler_header(size_t(object - dead_from)).bits();
      set_header(object, h.without(kMarked));
      dead_from = object + words;
    }
    object += words;
  }
  if (dead_from < end) *dead_from = filler_header(size_t(end - dead_from)).bits();
  block.fresh = end;  // full: it serves nothing until a sweep finds it unmarked
}

void FreeListSpace::pool(Block& block) {
  block.size_class = kNoClass;
  block.cell_count = 0;
  block.free_count = 0;
  block.free_head = nullptr;
  block.fresh = nullptr;
  empty_blocks_.push_back(&block);
}

size_t FreeListSpace::release_empty_blocks(size_t keep) {
  size_t released = 0;
  while (empty_blocks_.size() > keep) {
    unmap_block(empty_blocks_.back());
    empty_blocks_.pop_back();
    released += kBlockBytes;
  }
  return released;
}

void FreeListSpace::for_each_range(const std::function<void(const SpaceRange&)>& fn) const {
  for (const auto& entry : blocks_) {
    const Block& block = *entry.second;
    if (block.cell_count != 0) fn({name_, block.begin, block.cells_end()});
  }
}

// Blocks are mapped kBlocksPerMapping at a time (one mapping one block
// larger, trimmed to alignment), so that growing the space costs few system
// calls; the pages of a block not yet handed out are never touched. (Huge
// pages here cut binary-trees 21's page faults 30-fold, but its system time
// grew from 0.3 to 1.4 s: the kernel compacts memory to find them.)
bool FreeListSpace::map_more_blocks() {
  size_t span = (kBlocksPerMapping + 1) * kBlockBytes;
  void* memory = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) return false;
  uintptr_t start = reinterpret_cast<uintptr_t>(memory);
  uintptr_t begin = (start + kBlockBytes - 1) & ~(kBlockBytes - 1);
  uintptr_t end = begin + kBlocksPerMapping * kBlockBytes;
  if (begin > start) munmap(memory, begin - start);
  if (start + span > end) munmap(reinterpret_cast<void*>(end), start + span - end);
  mappings_.push_back(reinterpret_cast<Word*>(begin));
  for (size_t i = kBlocksPerMapping; i-- > 0;) unused_blocks_.push_back(reinterpret_cast<Word*>(begin + i * kBlockBytes));
  return true;
}

FreeListSpace::Block* FreeListSpace::map_block() {
  if (unused_blocks_.empty() && !map_more_blocks()) return nullptr;
  uintptr_t begin = reinterpret_cast<uintptr_t>(unused_blocks_.back());
  unused_blocks_.pop_back();
  auto block = std::make_unique<Block>();
  block->begin = reinterpret_cast<Word*>(begin);
  Block* result = block.get();
  blocks_.emplace(begin, std::move(block));
  return result;
}

void FreeListSpace::unmap_block(Block* block) {
  uintptr_t begin = reinterpret_cast<uintptr_t>(block->begin);
  munmap(block->begin, kBlockBytes);
  blocks_.erase(begin);
}

}  // namespace beagle::gc
