// A traced heap for the evaluator core to come (README, Performance: "the plan for that core").
//
// Blocks are allocated zeroed and never freed one by one: a collection frees every block that no
// root reaches. The roots are the words of the owning thread's stack (with its registers spilled
// there first) and the ranges registered with `nix_heap_add_root`; a block's own words are traced
// the same way. Tracing is conservative: any word that points into a block in use (at its start
// or inside it) keeps the block alive. Memory the C library or Swift allocated is not scanned, so
// a pointer kept only there does not keep a block alive.
//
// A heap belongs to the thread that created it: only that thread may allocate from it, and
// collections scan that thread's stack (a collection asked for elsewhere — another thread, a
// coroutine's or signal handler's stack — frees nothing). 64-bit only; not for builds with
// AddressSanitizer's detect_stack_use_after_return, whose locals this scan does not see.
#ifndef NIX_HEAP_H
#define NIX_HEAP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct nix_heap nix_heap;

enum { NIX_HEAP_CLASS_COUNT = 18, NIX_HEAP_SMALL_MAX = 4096 };

/// A free block's link is stored scrambled with this key, so that tracing a stale reference to
/// a free block does not reach (and keep) the rest of the free list.
#define NIX_HEAP_FREE_KEY ((uintptr_t)0xA5A5A5A5A5A5A5A5u)

/// Where a size class hands out blocks: its free list, then the fresh blocks between `bump` and
/// `end` (committed and never used, so already zero).
typedef struct nix_heap_cursor {
  char *free;
  char *bump;
  char *end;
  size_t size;
} nix_heap_cursor;

/// The part of a heap that `nix_heap_allocate_inline` reads; every heap starts with it.
typedef struct nix_heap_front {
  nix_heap_cursor cursors[NIX_HEAP_CLASS_COUNT];
  /// Bytes that may still be allocated before a collection is due.
  size_t budget;
  uint8_t class_of[NIX_HEAP_SMALL_MAX / 16 + 1];
} nix_heap_front;

/// Counters of a heap.
typedef struct nix_heap_stats {
  /// Collections run so far.
  uint64_t collections;
  /// Bytes in blocks that survived the last collection.
  uint64_t live_bytes;
  /// Bytes in blocks allocated and not yet freed by a collection.
  uint64_t used_bytes;
  /// Bytes allocated since the heap was made.
  uint64_t allocated_bytes;
} nix_heap_stats;

/// A new heap owned by the calling thread, or NULL if its address space cannot be reserved.
nix_heap *nix_heap_create(void);

/// Releases the heap and every block in it.
void nix_heap_destroy(nix_heap *heap);

/// A zeroed block of at least `size` bytes, aligned to 16 bytes, or NULL if memory is exhausted.
/// May run a collection first (when twice as many bytes were allocated since the last one as
/// survived it, and at least the threshold).
void *nix_heap_allocate(nix_heap *heap, size_t size);

/// `nix_heap_allocate`, with its common case (a small block from a free list or fresh memory,
/// no collection due) in line.
static inline void *nix_heap_allocate_inline(nix_heap *heap, size_t size) {
  nix_heap_front *front = (nix_heap_front *)heap;
  if (size - 1 < (size_t)NIX_HEAP_SMALL_MAX) {
    nix_heap_cursor *k = &front->cursors[front->class_of[(size + 15) >> 4]];
    if (k->size <= front->budget) {
      char *p = k->free;
      if (p) {
        k->free = (char *)(*(uintptr_t *)p ^ NIX_HEAP_FREE_KEY);
        front->budget -= k->size;
        memset(p, 0, k->size);
        return p;
      }
      if ((size_t)(k->end - k->bump) >= k->size) {
        p = k->bump;
        k->bump += k->size;
        front->budget -= k->size;
        return p;
      }
    }
  }
  return nix_heap_allocate(heap, size);
}

/// Runs a collection now.
void nix_heap_collect(nix_heap *heap);

/// Sets the least number of bytes allocated between two collections (8 MiB unless set).
void nix_heap_set_threshold(nix_heap *heap, size_t bytes);

/// Makes the `count` words at `words` a root until `nix_heap_remove_root(heap, words)`.
/// Returns 0, or -1 if the root cannot be recorded.
int nix_heap_add_root(nix_heap *heap, void *words, size_t count);

/// Removes a root added with `nix_heap_add_root`.
void nix_heap_remove_root(nix_heap *heap, void *words);

/// Whether `pointer` points into a block the heap handed out (in use, or freed by a collection
/// and not handed out again yet).
int nix_heap_contains(nix_heap *heap, const void *pointer);

/// The heap's counters.
nix_heap_stats nix_heap_get_stats(nix_heap *heap);

#endif
