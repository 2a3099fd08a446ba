import NixParser

/// Writes JSON as it goes (no document tree): 2-space indentation, `{}`/`[]` for empty
/// containers, the same text as ``JSONRenderer``. Callers give object keys in sorted order.
public struct JSONStream {
  public private(set) var bytes: [UInt8] = []
  /// For each open container: whether it has a member yet.
  private var hasMembers: [Bool] = []
  /// Set after a key: the next value follows it on the same line.
  private var afterKey = false
  /// Where full chunks of text go (`nil`: everything stays in ``bytes``).
  private let sink: (([UInt8]) -> Void)?
  private static let chunk = 1 << 20

  public init(capacity: Int = 1 << 16) {
    bytes.reserveCapacity(capacity)
    sink = nil
  }

  /// A stream that hands its text to `sink` in chunks of about a megabyte as it goes (the
  /// rest comes from ``finish()``), so that a large document is never held whole.
  public init(flushingTo sink: @escaping ([UInt8]) -> Void) {
    bytes.reserveCapacity(Self.chunk + 4096)
    self.sink = sink
  }

  private mutating func beforeValue() {
    if let sink, bytes.count >= Self.chunk {
      sink(bytes)
      bytes.removeAll(keepingCapacity: true)
    }
    if afterKey {
      afterKey = false
      return
    }
    guard let last = hasMembers.last else { return }
    if last { bytes.append(UInt8(ascii: ",")) }
    hasMembers[hasMembers.count - 1] = true
    newline(hasMembers.count)
  }

  private mutating func newline(_ depth: Int) {
    bytes.append(0x0A)
    for _ in 0..<depth { bytes.append(0x20); bytes.append(0x20) }
  }

  public mutating func beginObject() {
    beforeValue()
    bytes.append(UInt8(ascii: "{"))
    hasMembers.append(false)
  }

  public mutating func endObject() { end(UInt8(ascii: "}")) }

  public mutating func beginArray() {
    beforeValue()
    bytes.append(UInt8(ascii: "["))
    hasMembers.append(false)
  }

  public mutating func endArray() { end(UInt8(ascii: "]")) }

  private mutating func end(_ close: UInt8) {
    let had = hasMembers.removeLast()
    if had { newline(hasMembers.count) }
    bytes.append(close)
  }

  /// An object member's key; its value comes next.
  public mutating func key(_ name: String) {
    beforeValue()
    JSONRenderer.writeString(name, into: &bytes)
    bytes.append(UInt8(ascii: ":"))
    bytes.append(0x20)
    afterKey = true
  }

  public mutating func string(_ s: String) {
    beforeValue()
    JSONRenderer.writeString(s, into: &bytes)
  }

  public mutating func optionalString(_ s: String?) {
    if let s { string(s) } else { null() }
  }

  public mutating func null() {
    beforeValue()
    bytes.append(contentsOf: "null".utf8)
  }

  public mutating func strings(_ items: [String]) {
    beginArray()
    for s in items { string(s) }
    endArray()
  }

  /// A whole value.
  public mutating func value(_ v: Plain) {
    switch v {
    case .object(let o):
      beginObject()
      for (k, x) in o.entries {
        key(k)
        value(x)
      }
      endObject()
    case .list(let items):
      beginArray()
      for x in items { value(x) }
      endArray()
    case .string(let s): string(s)
    case .null: null()
    case .bool(let b):
      beforeValue()
      bytes.append(contentsOf: (b ? "true" : "false").utf8)
    case .int(let i):
      beforeValue()
      bytes.append(contentsOf: String(i).utf8)
    case .float(let f):
      beforeValue()
      bytes.append(contentsOf: (f.isFinite ? formatFloat(f) : "null").utf8)
    }
  }

  /// The text with a final newline.
  public mutating func finish() -> [UInt8] {
    bytes.append(0x0A)
    return bytes
  }
}
