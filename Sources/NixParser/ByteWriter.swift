/// An append-only byte buffer for printers: raw storage grown by doubling, so that appending
/// a byte is a store and a compare (a Swift array also checks uniqueness on every append).
public struct ByteWriter: ~Copyable {
  private var base: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  /// The number of bytes written.
  public private(set) var count = 0

  /// A writer with room for `capacity` bytes before it first grows.
  public init(capacity: Int = 1 << 12) {
    self.capacity = max(capacity, 16)
    self.base = .allocate(capacity: self.capacity)
  }

  deinit { base.deallocate() }

  /// Makes room for `extra` more bytes.
  @inline(__always) mutating func reserve(_ extra: Int) {
    if count + extra > capacity { grow(count + extra) }
  }

  @inline(never) private mutating func grow(_ needed: Int) {
    var size = capacity * 2
    while size < needed { size *= 2 }
    let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
    bigger.update(from: base, count: count)
    base.deallocate()
    base = bigger
    capacity = size
  }

  /// Appends one byte.
  @inline(__always) public mutating func append(_ byte: UInt8) {
    reserve(1)
    base[count] = byte
    count += 1
  }

  /// Appends the bytes of a buffer.
  @inline(__always) public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let source = bytes.baseAddress, bytes.count > 0 else { return }
    reserve(bytes.count)
    (base + count).update(from: source, count: bytes.count)
    count += bytes.count
  }

  /// Appends the bytes of a collection.
  @inline(__always) public mutating func append<C: Collection>(contentsOf bytes: C) where C.Element == UInt8 {
    if bytes.withContiguousStorageIfAvailable({ append($0) }) != nil { return }
    for b in bytes { append(b) }
  }

  /// Calls `body` with the bytes written so far (no copy).
  public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try body(UnsafeBufferPointer(start: base, count: count))
  }

  /// The writer's capacity.
  public var reserved: Int { capacity }

  /// Gives up the buffer without copying it: the caller owns the bytes and must deallocate
  /// `base` (the writer is consumed).
  public consuming func takeBuffer() -> UnsafeMutableBufferPointer<UInt8> {
    let taken = UnsafeMutableBufferPointer(start: base, count: count)
    discard self
    return taken
  }

  /// The bytes written, as an array (the writer is consumed).
  public consuming func finish() -> [UInt8] {
    Array(UnsafeBufferPointer(start: base, count: count))
  }
}
