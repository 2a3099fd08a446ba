// The traced heap (see NixHeap.h).
//
// Layout: one address range reserved at creation, cut into one region per size class (16 to
// 4,096 bytes); a region's blocks are carved in order and committed 1 MiB at a time, and a byte
// per block (in a second range, committed alike) holds its mark. So a word is tested for being
// a reference by subtraction and division alone, and blocks carry no header. Larger blocks are
// mapped one by one and kept in an array sorted by address. Each class's free list and fresh-block
// cursor, and the bytes left before a collection is due, are the heap's front, declared in the
// header so that the common allocation (`nix_heap_allocate_inline`) is compiled in line.
//
// A collection marks from the roots (the owning thread's stack between the collector's frame and
// the stack's top, after the registers were spilled onto it, and the registered ranges), tracing
// each marked block's words with an explicit stack, then sweeps: every unmarked block of a
// region goes onto its class's free list, every unmarked large block is unmapped.
#define _GNU_SOURCE
#include "NixHeap.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

_Static_assert(sizeof(void *) == 8, "the heap reserves 18 GiB of address space and scrambles links with a 64-bit key");

enum { CLASS_COUNT = NIX_HEAP_CLASS_COUNT, SMALL_MAX = NIX_HEAP_SMALL_MAX, CLASS_SHIFT = 30 };
#define CLASS_REGION ((size_t)1 << CLASS_SHIFT)
#define COMMIT_STEP ((size_t)1 << 20)
#define DEFAULT_THRESHOLD ((size_t)8 << 20)
#define FREE_KEY NIX_HEAP_FREE_KEY
// Mark bytes during a collection: 0 unreached, 1 reached, FREE_MARK on a free list.
#define FREE_MARK 2

static const uint32_t class_size[CLASS_COUNT] = {16,  32,  48,  64,  80,   96,   128,  160,  192,
                                                 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096};

/// What the heap keeps of a size class besides its cursor (in the front).
typedef struct size_class {
  size_t committed;        // bytes of the region committed (the cursor's `end`)
  size_t marks_committed;  // bytes of its mark bytes committed
} size_class;

typedef struct large_block {
  uintptr_t start;
  size_t size;
  int marked;
} large_block;

typedef struct root_range {
  void **words;
  size_t count;
} root_range;

struct nix_heap {
  nix_heap_front front;  // first: nix_heap_allocate_inline reads it through the heap's address
  char *blocks;  // CLASS_COUNT regions of CLASS_REGION bytes
  uint8_t *marks;  // CLASS_COUNT ranges of CLASS_REGION / 16 mark bytes
  size_class classes[CLASS_COUNT];
  large_block *large;
  size_t large_count, large_capacity;
  root_range *roots;
  size_t root_count, root_capacity;
  uintptr_t *mark_stack;
  size_t mark_count, mark_capacity;
  pthread_t owner;
  uintptr_t stack_bottom, stack_top;  // the owning thread's stack
  size_t threshold;
  /// Per class, the reciprocal of the block size: `within / size` is
  /// `(within * reciprocal) >> reciprocal_shift` (exact for offsets below a region's size).
  uint64_t reciprocal[CLASS_COUNT];
  unsigned reciprocal_shift[CLASS_COUNT];
  /// The lowest and highest address past any large block (both 0 when there is none), so that a
  /// word outside them is rejected without a search.
  uintptr_t large_low, large_high;
  size_t budget_start;  // the front's budget after the last collection (plus any overdraft)
  nix_heap_stats stats;  // allocated_bytes and used_bytes as of the last collection
};

/// Bytes of blocks allocated since the last collection.
static inline size_t since_collection(const nix_heap *h) { return h->budget_start - h->front.budget; }

/// A new allowance after a collection (or a skipped one).
static void reset_budget(nix_heap *h) {
  // Twice what survived: each collection's tracing is then paid for by as many bytes of new
  // allocation as it traced (once what survived made the lists of a 300,000-element
  // genList/map/foldl' cost 1,098 M instructions, 65% of them tracing; twice, 693 M).
  size_t twice = (size_t)h->stats.live_bytes * 2;
  size_t budget = h->threshold > twice ? h->threshold : twice;
  h->front.budget = budget;
  h->budget_start = budget;
}

#define MARKS_PER_CLASS (CLASS_REGION / 16)

/// The calling thread's stack, [bottom, top), or [0, 0) if it cannot be found.
static void thread_stack(uintptr_t *bottom, uintptr_t *top) {
  pthread_attr_t attr;
  void *address = NULL;
  size_t size = 0;
  *bottom = *top = 0;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
  if (pthread_attr_getstack(&attr, &address, &size) == 0) {
    *bottom = (uintptr_t)address;
    *top = (uintptr_t)address + size;
  }
  pthread_attr_destroy(&attr);
}

nix_heap *nix_heap_create(void) {
  nix_heap *h = calloc(1, sizeof(nix_heap));
  if (!h) return NULL;
  h->blocks = mmap(NULL, CLASS_COUNT * CLASS_REGION, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  h->marks = mmap(NULL, CLASS_COUNT * MARKS_PER_CLASS, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (h->blocks == MAP_FAILED || h->marks == MAP_FAILED) {
    if (h->blocks != MAP_FAILED) munmap(h->blocks, CLASS_COUNT * CLASS_REGION);
    if (h->marks != MAP_FAILED) munmap(h->marks, CLASS_COUNT * MARKS_PER_CLASS);
    free(h);
    return NULL;
  }
  for (unsigned c = 0, n = 0; n <= SMALL_MAX / 16; n++) {
    while (class_size[c] < n * 16) c++;
    h->front.class_of[n] = (uint8_t)c;
  }
  for (unsigned c = 0; c < CLASS_COUNT; c++) {
    nix_heap_cursor *k = &h->front.cursors[c];
    k->size = class_size[c];
    k->bump = k->end = h->blocks + (size_t)c * CLASS_REGION;
    // shift = CLASS_SHIFT + ceil(log2 size), reciprocal = ceil(2^shift / size): exact floor
    // division of every offset below 2^CLASS_SHIFT (the product stays below 2^64).
    unsigned bits = 0;
    while (((size_t)1 << bits) < k->size) bits++;
    h->reciprocal_shift[c] = CLASS_SHIFT + bits;
    h->reciprocal[c] = (((uint64_t)1 << (CLASS_SHIFT + bits)) + k->size - 1) / k->size;
  }
  h->owner = pthread_self();
  thread_stack(&h->stack_bottom, &h->stack_top);
  h->threshold = DEFAULT_THRESHOLD;
  reset_budget(h);
  return h;
}

void nix_heap_destroy(nix_heap *h) {
  if (!h) return;
  munmap(h->blocks, CLASS_COUNT * CLASS_REGION);
  munmap(h->marks, CLASS_COUNT * MARKS_PER_CLASS);
  for (size_t i = 0; i < h->large_count; i++) munmap((void *)h->large[i].start, h->large[i].size);
  free(h->large);
  free(h->roots);
  free(h->mark_stack);
  free(h);
}

void nix_heap_set_threshold(nix_heap *h, size_t bytes) {
  size_t since = since_collection(h);
  h->threshold = bytes;
  reset_budget(h);
  // What was allocated since the last collection still counts toward the next one.
  h->front.budget = h->front.budget > since ? h->front.budget - since : 0;
  h->budget_start = h->front.budget + since;
}

nix_heap_stats nix_heap_get_stats(nix_heap *h) {
  nix_heap_stats stats = h->stats;
  stats.allocated_bytes += since_collection(h);
  stats.used_bytes += since_collection(h);
  return stats;
}

/// Blocks carved from class `c`'s region so far.
static inline size_t carved(const nix_heap *h, unsigned c) {
  const nix_heap_cursor *k = &h->front.cursors[c];
  return (size_t)(k->bump - (h->blocks + (size_t)c * CLASS_REGION)) / k->size;
}

// MARK: - Finding blocks

/// Commits `range[*committed ..< needed]` of a region, a step at a time.
static int commit(char *range, size_t *committed, size_t needed, size_t limit) {
  if (needed <= *committed) return 1;
  size_t to = (needed + COMMIT_STEP - 1) & ~(COMMIT_STEP - 1);
  if (to > limit) to = limit;
  if (needed > to) return 0;
  if (mprotect(range + *committed, to - *committed, PROT_READ | PROT_WRITE) != 0) return 0;
  *committed = to;
  return 1;
}

/// The large block holding `p`, or -1.
/// Records the address range the large blocks span (the array is sorted by address).
static void update_large_bounds(nix_heap *h) {
  if (h->large_count == 0) {
    h->large_low = h->large_high = 0;
    return;
  }
  h->large_low = h->large[0].start;
  h->large_high = h->large[h->large_count - 1].start + h->large[h->large_count - 1].size;
}

static ptrdiff_t find_large(nix_heap *h, uintptr_t p) {
  if (p - h->large_low >= h->large_high - h->large_low) return -1;
  size_t lo = 0, hi = h->large_count;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (h->large[mid].start + h->large[mid].size <= p) lo = mid + 1;
    else hi = mid;
  }
  if (lo < h->large_count && h->large[lo].start <= p) return (ptrdiff_t)lo;
  return -1;
}

/// Whether `p` points into a carved block of a region (its class and index). That may be a block
/// on a free list: a collection marks those first (`FREE_MARK`), so that a stale reference to one
/// neither keeps nor traces it.
static inline int find_small(nix_heap *h, uintptr_t p, unsigned *cls, size_t *index) {
  uintptr_t offset = p - (uintptr_t)h->blocks;
  if (offset >= (uintptr_t)CLASS_COUNT * CLASS_REGION) return 0;
  unsigned c = (unsigned)(offset >> CLASS_SHIFT);
  size_t within = offset & (CLASS_REGION - 1);
  // Past the carved part? (The carved length is a whole number of blocks: no division needed.)
  if (within >= (size_t)(h->front.cursors[c].bump - (h->blocks + (size_t)c * CLASS_REGION))) return 0;
  size_t i = (size_t)((within * h->reciprocal[c]) >> h->reciprocal_shift[c]);
  *cls = c;
  *index = i;
  return 1;
}

int nix_heap_contains(nix_heap *h, const void *pointer) {
  unsigned c;
  size_t i;
  if (find_small(h, (uintptr_t)pointer, &c, &i)) return 1;
  return find_large(h, (uintptr_t)pointer) >= 0;
}

// MARK: - Allocation

/// A large block of `mapped` bytes (a multiple of the page size).
static void *allocate_large(nix_heap *h, size_t mapped) {
  void *p = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return NULL;
  if (h->large_count == h->large_capacity) {
    size_t capacity = h->large_capacity ? h->large_capacity * 2 : 64;
    large_block *grown = realloc(h->large, capacity * sizeof(large_block));
    if (!grown) {
      munmap(p, mapped);
      return NULL;
    }
    h->large = grown;
    h->large_capacity = capacity;
  }
  size_t at = h->large_count;
  while (at > 0 && h->large[at - 1].start > (uintptr_t)p) at--;
  memmove(h->large + at + 1, h->large + at, (h->large_count - at) * sizeof(large_block));
  h->large[at] = (large_block){(uintptr_t)p, mapped, 0};
  h->large_count++;
  update_large_bounds(h);
  return p;  // fresh mappings are zeroed
}

/// Takes `bytes` from the budget (what the inline path does); a block larger than what is left
/// leaves it at zero, and the overdraft is added to where it started so that the count of bytes
/// allocated since the last collection stays exact.
static inline void spend(nix_heap *h, size_t bytes) {
  if (bytes <= h->front.budget) {
    h->front.budget -= bytes;
  } else {
    h->budget_start += bytes - h->front.budget;
    h->front.budget = 0;
  }
}

/// A block of class `c` from its free list or its region, or NULL if the region cannot grow.
static char *take_small(nix_heap *h, unsigned c) {
  nix_heap_cursor *k = &h->front.cursors[c];
  char *p;
  if (k->free) {
    p = k->free;
    k->free = (char *)(*(uintptr_t *)p ^ FREE_KEY);
    memset(p, 0, k->size);
    return p;
  }
  if ((size_t)(k->end - k->bump) < k->size) {
    // Commit the next step of the region, and the mark bytes of every block in it.
    size_class *cls = &h->classes[c];
    char *region = h->blocks + (size_t)c * CLASS_REGION;
    size_t needed = (size_t)(k->bump - region) + k->size;
    if (!commit(region, &cls->committed, needed, CLASS_REGION)) return NULL;
    if (!commit((char *)h->marks + (size_t)c * MARKS_PER_CLASS, &cls->marks_committed, cls->committed / k->size,
                MARKS_PER_CLASS))
      return NULL;
    k->end = region + cls->committed;
  }
  p = k->bump;
  k->bump += k->size;
  return p;
}

void *nix_heap_allocate(nix_heap *h, size_t size) {
  if (size == 0) size = 1;
  if (size > SMALL_MAX) {
    size_t mapped = (size + 4095) & ~(size_t)4095;
    if (mapped < size) return NULL;
    if (mapped > h->front.budget) nix_heap_collect(h);
    void *p = allocate_large(h, mapped);
    if (!p && since_collection(h) > 0) {
      // Out of memory: what a collection frees may make room.
      nix_heap_collect(h);
      p = allocate_large(h, mapped);
    }
    if (p) spend(h, mapped);
    return p;
  }
  unsigned c = h->front.class_of[(size + 15) >> 4];
  size_t block = h->front.cursors[c].size;
  if (block > h->front.budget) nix_heap_collect(h);
  char *p = take_small(h, c);
  if (!p && since_collection(h) > 0) {
    // The region is full or memory is exhausted: a collection may free blocks of this class.
    nix_heap_collect(h);
    p = take_small(h, c);
  }
  if (p) spend(h, block);
  return p;
}

// MARK: - Roots

int nix_heap_add_root(nix_heap *h, void *words, size_t count) {
  if (h->root_count == h->root_capacity) {
    size_t capacity = h->root_capacity ? h->root_capacity * 2 : 16;
    root_range *grown = realloc(h->roots, capacity * sizeof(root_range));
    if (!grown) return -1;
    h->roots = grown;
    h->root_capacity = capacity;
  }
  h->roots[h->root_count++] = (root_range){words, count};
  return 0;
}

void nix_heap_remove_root(nix_heap *h, void *words) {
  for (size_t i = h->root_count; i > 0; i--) {
    if (h->roots[i - 1].words == words) {
      memmove(h->roots + i - 1, h->roots + i, (h->root_count - i) * sizeof(root_range));
      h->root_count--;
      return;
    }
  }
}

// MARK: - Collection

/// Marks the block `word` points into, if any, and queues it for tracing. Returns 0 if the mark
/// stack cannot grow (the collection then frees nothing).
static int mark_word(nix_heap *h, uintptr_t word) {
  unsigned c;
  size_t i;
  uintptr_t start;
  if (find_small(h, word, &c, &i)) {
    uint8_t *mark = h->marks + (size_t)c * MARKS_PER_CLASS + i;
    if (*mark) return 1;
    *mark = 1;
    start = (uintptr_t)h->blocks + (size_t)c * CLASS_REGION + i * h->front.cursors[c].size;
  } else if (h->large_count) {
    ptrdiff_t l = find_large(h, word);
    if (l < 0 || h->large[l].marked) return 1;
    h->large[l].marked = 1;
    start = h->large[l].start;
  } else {
    return 1;
  }
  if (h->mark_count == h->mark_capacity) {
    size_t capacity = h->mark_capacity ? h->mark_capacity * 2 : 4096;
    uintptr_t *grown = realloc(h->mark_stack, capacity * sizeof(uintptr_t));
    if (!grown) return 0;
    h->mark_stack = grown;
    h->mark_capacity = capacity;
  }
  h->mark_stack[h->mark_count++] = start;
  return 1;
}

// The stack is read word by word, beyond what any one frame owns: not something for
// AddressSanitizer to check. (Under its detect_stack_use_after_return, locals live on a separate
// fake stack this scan does not see: such builds are not supported.)
__attribute__((no_sanitize("address"))) static int mark_range(nix_heap *h, const uintptr_t *words, size_t count) {
  const uintptr_t base = (uintptr_t)h->blocks, low = h->large_low;
  const uintptr_t small_span = (uintptr_t)CLASS_COUNT * CLASS_REGION, large_span = h->large_high - h->large_low;
  for (size_t i = 0; i < count; i++) {
    uintptr_t w = words[i];
    // Most words are not addresses into the heap (integers, tags, symbol numbers): rejected here.
    if (w - base >= small_span && w - low >= large_span) continue;
    if (!mark_word(h, w)) return 0;
  }
  return 1;
}

/// The size of the block starting at `start` (a marked block).
static size_t block_size(nix_heap *h, uintptr_t start) {
  unsigned c;
  size_t i;
  if (find_small(h, start, &c, &i)) return h->front.cursors[c].size;
  ptrdiff_t l = find_large(h, start);
  return l < 0 ? 0 : h->large[l].size;
}

static void clear_marks(nix_heap *h) {
  for (unsigned c = 0; c < CLASS_COUNT; c++)
    memset(h->marks + (size_t)c * MARKS_PER_CLASS, 0, carved(h, c));
  for (size_t i = 0; i < h->large_count; i++) h->large[i].marked = 0;
}

static void sweep(nix_heap *h) {
  uint64_t live = 0;
  for (unsigned c = 0; c < CLASS_COUNT; c++) {
    nix_heap_cursor *k = &h->front.cursors[c];
    uint8_t *marks = h->marks + (size_t)c * MARKS_PER_CLASS;
    char *region = h->blocks + (size_t)c * CLASS_REGION;
    k->free = NULL;
    // From the end, so that the list hands out low addresses first. Eight marks are read at
    // once: a run of live blocks (all 1) costs one comparison.
    size_t i = carved(h, c);
    while (i > 0) {
      if (i >= 8) {
        uint64_t eight;
        memcpy(&eight, marks + i - 8, 8);
        if (eight == 0x0101010101010101u) {
          memset(marks + i - 8, 0, 8);
          live += 8 * (uint64_t)k->size;
          i -= 8;
          continue;
        }
      }
      if (marks[i - 1] == 1) {
        marks[i - 1] = 0;
        live += k->size;
      } else {
        marks[i - 1] = 0;  // it may be FREE_MARK
        char *p = region + (i - 1) * k->size;
        *(uintptr_t *)p = (uintptr_t)k->free ^ FREE_KEY;
        k->free = p;
      }
      i--;
    }
  }
  size_t kept = 0;
  for (size_t i = 0; i < h->large_count; i++) {
    if (h->large[i].marked) {
      h->large[i].marked = 0;
      live += h->large[i].size;
      h->large[kept++] = h->large[i];
    } else {
      munmap((void *)h->large[i].start, h->large[i].size);
    }
  }
  h->large_count = kept;
  update_large_bounds(h);
  h->stats.live_bytes = live;
  h->stats.used_bytes = live;
}

/// Marks every block on a free list FREE_MARK.
static void mark_free_blocks(nix_heap *h) {
  for (unsigned c = 0; c < CLASS_COUNT; c++) {
    nix_heap_cursor *k = &h->front.cursors[c];
    uint8_t *marks = h->marks + (size_t)c * MARKS_PER_CLASS;
    char *region = h->blocks + (size_t)c * CLASS_REGION;
    for (char *p = k->free; p; p = (char *)(*(uintptr_t *)p ^ FREE_KEY)) marks[(size_t)(p - region) / k->size] = FREE_MARK;
  }
}

/// Marks from the stack below this frame (which holds the caller's spilled registers) and the
/// registered roots, then sweeps.
__attribute__((noinline)) static void mark_and_sweep(nix_heap *h) {
  mark_free_blocks(h);
  uintptr_t from = (uintptr_t)__builtin_frame_address(0) & ~(uintptr_t)7;
  int ok = mark_range(h, (const uintptr_t *)from, (h->stack_top - from) / sizeof(uintptr_t));
  for (size_t r = 0; ok && r < h->root_count; r++) ok = mark_range(h, (const uintptr_t *)h->roots[r].words, h->roots[r].count);
  // Blocks go from the mark stack through a small ring before they are scanned: each is
  // prefetched when it enters, so that its cache miss overlaps the scans of the ones before it.
  enum { RING = 8 };
  uintptr_t ring[RING];
  size_t ring_first = 0, ring_count = 0;
  while (ok && (h->mark_count || ring_count)) {
    while (ring_count < RING && h->mark_count) {
      uintptr_t next = h->mark_stack[--h->mark_count];
      __builtin_prefetch((const void *)next);
      ring[(ring_first + ring_count++) % RING] = next;
    }
    uintptr_t start = ring[ring_first];
    ring_first = (ring_first + 1) % RING;
    ring_count--;
    ok = mark_range(h, (const uintptr_t *)start, block_size(h, start) / sizeof(uintptr_t));
  }
  h->mark_count = 0;
  if (!ok) {
    // Out of memory for the mark stack: keep everything rather than free a live block.
    clear_marks(h);
    return;
  }
  sweep(h);
  h->stats.collections++;
}

__attribute__((noinline)) void nix_heap_collect(nix_heap *h) {
  size_t since = since_collection(h);
  h->stats.allocated_bytes += since;
  h->stats.used_bytes += since;
  // Only the owner's stack can be scanned, and only from the owner's own stack (not a
  // coroutine's or a signal handler's, which are elsewhere): otherwise the scan would miss roots
  // or read unmapped memory, so nothing is freed.
  uintptr_t here = (uintptr_t)__builtin_frame_address(0);
  if (pthread_equal(h->owner, pthread_self()) && h->stack_bottom <= here && here < h->stack_top) {
    // Callee-saved registers may hold the only reference to a block: store them on the stack.
    __builtin_unwind_init();
    mark_and_sweep(h);
    __asm__ volatile("" ::: "memory");
  }
  reset_budget(h);
}
