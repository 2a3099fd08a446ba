import Testing

@testable import NixEval

/// Crashes the fuzz targets (Fuzz/) found, kept as tests.
@Suite struct FuzzRegressionTests {
  /// FuzzEval, first run: under AddressSanitizer a local variable's address can be on the heap
  /// (fake stack frames), and measuring the stack from it overflowed an unsigned subtraction.
  @Test func stackGuardFromAnAddressOutsideTheStack() {
    let low: UInt = 0x7000_0000
    let size: UInt = 8 << 20
    #expect(StackGuard.stack(low: low, size: size, here: 0x1000).limit == 0)
    #expect(StackGuard.stack(low: low, size: size, here: low + size + 4096).limit == 0)
    #expect(StackGuard.stack(low: low, size: size, here: low).limit == 0)
    let inside = StackGuard.stack(low: low, size: size, here: low + (4 << 20))
    #expect(inside.limit == low + StackGuard.reserve)
    #expect(!StackGuard.stack(low: low, size: size, here: 0x1000).exhausted())
  }
}
