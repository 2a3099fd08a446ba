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
// collections scan that thread's stack.
#ifndef NIX_HEAP_H
#define NIX_HEAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct nix_heap nix_heap;

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
/// May run a collection first (when as many bytes were allocated since the last one as
/// survived it, and at least the threshold).
void *nix_heap_allocate(nix_heap *heap, size_t size);

/// Runs a collection now.
void nix_heap_collect(nix_heap *heap);

/// Sets the least number of bytes allocated between two collections (8 MiB unless set).
void nix_heap_set_threshold(nix_heap *heap, size_t bytes);

/// Makes the `count` words at `words` a root until `nix_heap_remove_root(heap, words)`.
/// Returns 0, or -1 if the root cannot be recorded.
int nix_heap_add_root(nix_heap *heap, void *words, size_t count);

/// Removes a root added with `nix_heap_add_root`.
void nix_heap_remove_root(nix_heap *heap, void *words);

/// Whether `pointer` points into a block in use.
int nix_heap_contains(nix_heap *heap, const void *pointer);

/// The heap's counters.
nix_heap_stats nix_heap_get_stats(nix_heap *heap);

#endif
