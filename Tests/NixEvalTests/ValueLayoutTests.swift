import Testing

@testable import NixEval

/// The size of ``Value`` matters for speed: every list item, attribute and environment slot is
/// one. A string with context must not make it larger.
struct ValueLayoutTests {
  @Test func valueStaysNineBytes() {
    #expect(MemoryLayout<Value>.size == 9)
    #expect(MemoryLayout<Value>.stride == 16)
  }

  @Test func stringIsOneWord() {
    #expect(MemoryLayout<NixString>.size == 8)
  }
}

/// A thunk is made for nearly every lazy expression: its state (an expression and its scope, or
/// an application, or the value) must keep the object at 48 bytes (16 of header).
struct ThunkLayoutTests {
  @Test func thunkStateFitsThirtyTwoBytes() {
    #expect(MemoryLayout<Thunk.State>.size <= 32)
  }
}
