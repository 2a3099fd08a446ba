/// Which machines (by index) were counted since the last ``reset()``: a stamp per machine, so
/// that starting afresh costs nothing however many machines there are.
struct MachineMarks {
  private var stamps: [UInt32]
  private var current: UInt32 = 1

  init(count: Int) { stamps = [UInt32](repeating: 0, count: count) }

  /// Forgets every machine counted.
  mutating func reset() {
    current &+= 1
    if current == 0 {
      stamps = [UInt32](repeating: 0, count: stamps.count)
      current = 1
    }
  }

  /// Counts machine `i`; false when it was counted already.
  mutating func insert(_ i: Int) -> Bool {
    if stamps[i] == current { return false }
    stamps[i] = current
    return true
  }
}

/// A name that compares and hashes as its UTF-8 bytes, as Nix and clan compare names (Swift's
/// `String` treats canonically equivalent spellings, `é` and `e\u{301}`, as equal).
struct ByteName: Hashable {
  let text: String

  init(_ text: String) { self.text = text }

  static func == (a: ByteName, b: ByteName) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }

  func hash(into hasher: inout Hasher) {
    var text = text
    text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
  }
}
