#define _GNU_SOURCE
#include <pthread.h>
#include "spill.h"

__attribute__((noinline)) void proto_with_registers_spilled(void (*body)(void)) {
  __builtin_unwind_init();
  body();
  __asm__ volatile("" ::: "memory");  // keep the frame (and the saved registers) until body returns
}

uintptr_t proto_stack_top(void) {
  pthread_attr_t attr;
  void *address = 0;
  size_t size = 0;
  pthread_getattr_np(pthread_self(), &attr);
  pthread_attr_getstack(&attr, &address, &size);
  pthread_attr_destroy(&attr);
  return (uintptr_t)address + size;
}
