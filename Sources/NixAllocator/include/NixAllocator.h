#ifndef NIX_ALLOCATOR_H
#define NIX_ALLOCATOR_H

#include <stddef.h>

/// Whether small allocations are being served by nixinv's size-class allocator (1) or by the C
/// library's malloc (0: the allocator could not reserve its address range).
int nixinv_allocator_active(void);

#endif
