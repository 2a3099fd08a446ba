// A size-class allocator for the many small, short-lived objects of parsing and evaluation.
//
// nixinv makes millions of small allocations (syntax nodes, thunks, environments, attribute
// sets) and, during evaluation, frees most of them soon after. glibc's malloc serves these
// through a per-chunk header, bins and (with threads about) atomic operations; here a small
// block costs a thread-local free-list pop or a pointer bump, and freeing it a push.
//
// Design:
// - One address range is reserved at the first allocation and committed 32 MiB at a time.
//   It is cut into 64 KiB spans; each span holds blocks of one size class (16 to 4,096 bytes),
//   recorded in a byte table, so blocks carry no header and `free` finds a block's class from
//   its address alone.
// - Each thread keeps, per class, a free list and the span it is carving. A block freed on
//   another thread joins that thread's list (the memory is never returned to the system, as
//   suits a command-line run).
// - Larger requests, over-aligned ones, and every pointer outside the range go to the C
//   library (`__libc_malloc` and friends), so the two allocators can never confuse blocks.
//   If the range cannot be reserved, everything goes to the C library.
//
// The functions replace malloc, free and their relatives by ELF symbol interposition, which
// glibc supports; this target is linked into the nixinv executable only.
#define _GNU_SOURCE
#include "NixAllocator.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

// Under a sanitizer, which brings its own malloc, the C library's allocator is left alone.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define NIXINV_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define NIXINV_SANITIZED 1
#endif
#endif

#ifdef NIXINV_SANITIZED
int nixinv_allocator_active(void) { return 0; }
#else

extern void *__libc_malloc(size_t);
extern void __libc_free(void *);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_memalign(size_t, size_t);

enum {
  SPAN_SHIFT = 16,
  CLASS_COUNT = 32,
  SMALL_MAX = 4096,
};
#define SPAN_SIZE ((size_t)1 << SPAN_SHIFT)
#define REGION_SIZE ((size_t)16 << 30)
#define COMMIT_STEP ((size_t)32 << 20)

/// Block sizes: every 16 bytes up to 256, then four steps per doubling up to 4 KiB.
static const uint32_t class_size[CLASS_COUNT] = {
  16,   32,   48,   64,   80,   96,   112,  128,  144,  160,  176,  192,  208,  224,  240,  256,
  320,  384,  448,  512,  640,  768,  896,  1024, 1280, 1536, 1792, 2048, 2560, 3072, 3584, 4096,
};

/// The class of a request of n bytes, indexed by (n + 15) / 16.
static uint8_t class_of[SMALL_MAX / 16 + 1];

/// The reserved range: [region, region + region_len); region_len is 0 until reserved.
static char *region;
static size_t region_len;
static _Atomic size_t next_span;
static _Atomic size_t committed;
static atomic_flag commit_lock = ATOMIC_FLAG_INIT;
/// 0: not yet set up; 1: active; 2: disabled (everything goes to the C library).
static int state;
/// The class of each span (written before any block of the span is handed out).
static uint8_t span_class[REGION_SIZE >> SPAN_SHIFT];

/// A thread's free lists and the spans it is carving, per class.
struct thread_cache {
  void *free[CLASS_COUNT];
  char *bump[CLASS_COUNT];
  char *end[CLASS_COUNT];
};
static __thread struct thread_cache cache __attribute__((tls_model("initial-exec")));

/// Whether committed memory asks for transparent huge pages (NIXINV_HUGE_PAGES=1). Off by
/// default: with the kernel's `defrag=madvise`, each huge-page fault in such a region compacts
/// memory first, which cost a module-system evaluation more system time than its user time.
static int use_huge_pages = 0;

/// Reserves the range (first call, while the process is still single-threaded).
static int set_up(void) {
  if (state != 0) return state == 1;
  // NIXINV_SYSTEM_MALLOC=1 leaves every allocation to the C library (for memory checkers).
  const char *system = getenv("NIXINV_SYSTEM_MALLOC");
  if (system != NULL && system[0] == '1') {
    state = 2;
    return 0;
  }
  const char *huge = getenv("NIXINV_HUGE_PAGES");
  if (huge != NULL && huge[0] == '1') use_huge_pages = 1;
  for (size_t i = 0, c = 0; i <= SMALL_MAX / 16; i++) {
    while (class_size[c] < i * 16) c++;
    class_of[i] = (uint8_t)c;
  }
  void *p = mmap(NULL, REGION_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    state = 2;
    return 0;
  }
  region = p;
  region_len = REGION_SIZE;
  state = 1;
  return 1;
}

/// Makes [0, needed) of the range usable; 0 if the system refuses.
static int commit(size_t needed) {
  while (atomic_flag_test_and_set_explicit(&commit_lock, memory_order_acquire)) {
  }
  int ok = 1;
  size_t have = atomic_load_explicit(&committed, memory_order_relaxed);
  while (have < needed) {
    if (mprotect(region + have, COMMIT_STEP, PROT_READ | PROT_WRITE) != 0) {
      ok = 0;
      break;
    }
    if (use_huge_pages) madvise(region + have, COMMIT_STEP, MADV_HUGEPAGE);
    have += COMMIT_STEP;
    atomic_store_explicit(&committed, have, memory_order_release);
  }
  atomic_flag_clear_explicit(&commit_lock, memory_order_release);
  return ok;
}

/// Starts a new span for class c and returns its first block, or NULL when the range is full.
static void *refill(unsigned c) {
  size_t offset = atomic_fetch_add_explicit(&next_span, SPAN_SIZE, memory_order_relaxed);
  if (offset + SPAN_SIZE > region_len) return NULL;
  if (offset + SPAN_SIZE > atomic_load_explicit(&committed, memory_order_acquire) && !commit(offset + SPAN_SIZE)) {
    return NULL;
  }
  char *span = region + offset;
  span_class[offset >> SPAN_SHIFT] = (uint8_t)c;
  cache.bump[c] = span + class_size[c];
  cache.end[c] = span + SPAN_SIZE;
  return span;
}

/// The class of a block of the range at offset `offset`.
static inline unsigned class_at(uintptr_t offset) { return span_class[offset >> SPAN_SHIFT]; }

/// A block of class c from this thread's cache, or NULL.
static inline void *take(unsigned c) {
  void *p = cache.free[c];
  if (p) {
    cache.free[c] = *(void **)p;
    return p;
  }
  char *b = cache.bump[c];
  if ((size_t)(cache.end[c] - b) >= class_size[c]) {
    cache.bump[c] = b + class_size[c];
    return b;
  }
  return refill(c);
}

/// Everything but a small block from a free list or the current span: the first call, a new
/// span, a large request. Kept out of line so that the fast path saves no registers.
__attribute__((noinline, cold)) static void *malloc_slow(size_t n) {
  if (n <= SMALL_MAX && (state == 1 || set_up())) {
    void *p = take(class_of[(n + 15) >> 4]);
    if (p != NULL) return p;
  }
  return __libc_malloc(n);
}

void *malloc(size_t n) {
  if (__builtin_expect(n <= SMALL_MAX && state == 1, 1)) {
    unsigned c = class_of[(n + 15) >> 4];
    void *p = cache.free[c];
    if (__builtin_expect(p != NULL, 1)) {
      cache.free[c] = *(void **)p;
      return p;
    }
    char *b = cache.bump[c];
    if (__builtin_expect((size_t)(cache.end[c] - b) >= class_size[c], 1)) {
      cache.bump[c] = b + class_size[c];
      return b;
    }
  }
  return malloc_slow(n);
}

void free(void *p) {
  uintptr_t offset = (uintptr_t)p - (uintptr_t)region;
  if (__builtin_expect(offset < region_len, 1)) {
    unsigned c = class_at(offset);
    *(void **)p = cache.free[c];
    cache.free[c] = p;
    return;
  }
  __libc_free(p);
}

void *calloc(size_t count, size_t size) {
  size_t n;
  if (__builtin_mul_overflow(count, size, &n)) {
    errno = ENOMEM;
    return NULL;
  }
  if (n > SMALL_MAX) return __libc_calloc(count, size);
  void *p = malloc(n);
  if (p) memset(p, 0, n);
  return p;
}

void *realloc(void *p, size_t n) {
  if (p == NULL) return malloc(n);
  uintptr_t offset = (uintptr_t)p - (uintptr_t)region;
  if (offset >= region_len) return __libc_realloc(p, n);
  if (n == 0) {
    free(p);
    return NULL;
  }
  size_t old = class_size[class_at(offset)];
  if (n <= old && n > old / 2) return p;
  void *q = malloc(n);
  if (q == NULL) return NULL;
  memcpy(q, p, old < n ? old : n);
  free(p);
  return q;
}

void *reallocarray(void *p, size_t count, size_t size) {
  size_t n;
  if (__builtin_mul_overflow(count, size, &n)) {
    errno = ENOMEM;
    return NULL;
  }
  return realloc(p, n);
}

void *memalign(size_t alignment, size_t n) {
  if (alignment <= 16) return malloc(n);
  return __libc_memalign(alignment, n);
}

void *aligned_alloc(size_t alignment, size_t n) { return memalign(alignment, n); }

int posix_memalign(void **out, size_t alignment, size_t n) {
  if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) return EINVAL;
  void *p = memalign(alignment, n);
  if (p == NULL) return ENOMEM;
  *out = p;
  return 0;
}

void *valloc(size_t n) { return __libc_memalign(4096, n); }

void *pvalloc(size_t n) { return __libc_memalign(4096, (n + 4095) & ~(size_t)4095); }

size_t malloc_usable_size(void *p) {
  if (p == NULL) return 0;
  uintptr_t offset = (uintptr_t)p - (uintptr_t)region;
  if (offset < region_len) return class_size[class_at(offset)];
  static size_t (*libc_usable_size)(void *);
  if (libc_usable_size == NULL) {
    libc_usable_size = (size_t (*)(void *))dlsym(RTLD_NEXT, "malloc_usable_size");
    if (libc_usable_size == NULL) return 0;
  }
  return libc_usable_size(p);
}

int nixinv_allocator_active(void) { return state == 1; }

#endif  // NIXINV_SANITIZED
