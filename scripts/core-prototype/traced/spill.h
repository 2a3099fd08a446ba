#include <stdint.h>

// Calls `body` with the caller's callee-saved registers stored on the stack, so that a scan of
// the stack sees every value the evaluator holds (as Boehm's collector does).
void proto_with_registers_spilled(void (*body)(void));

// The high end of the calling thread's stack.
uintptr_t proto_stack_top(void);
