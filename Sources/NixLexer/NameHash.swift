/// The hash of a name's bytes, mixed a word at a time (names are short). The lexer's name
/// numbers and the parser's symbol table hash with it.
public enum NameHash {
  /// The hash of the bytes of `name`.
  @inlinable @inline(__always)
  public static func of(_ name: UnsafeBufferPointer<UInt8>) -> UInt32 {
    let count = name.count
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
    guard let base = name.baseAddress else { return UInt32(truncatingIfNeeded: h) }
    let raw = UnsafeRawPointer(base)
    var i = 0
    while i + 8 <= count {
      h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
      h ^= h >> 29
      i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < count {
      tail |= UInt64(base[i]) << shift
      shift += 8
      i += 1
    }
    return finish(h, tail)
  }

  /// ``of(_:)`` for bytes inside a buffer that goes on for at least 8 bytes past `base` + `count`
  /// rounded down to a word: the last partial word is read whole and masked.
  @inlinable @inline(__always)
  public static func of(_ base: UnsafePointer<UInt8>, count: Int, wordReadable: Bool) -> UInt32 {
    guard wordReadable else { return of(UnsafeBufferPointer(start: base, count: count)) }
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
    let raw = UnsafeRawPointer(base)
    var i = 0
    while i + 8 <= count {
      h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
      h ^= h >> 29
      i += 8
    }
    let rest = count - i
    let tail = rest == 0 ? 0 : raw.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian & (~0 >> (64 - 8 * UInt64(rest)))
    return finish(h, tail)
  }

  @inlinable @inline(__always)
  static func finish(_ hash: UInt64, _ tail: UInt64) -> UInt32 {
    var h = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
    h ^= h >> 32
    return UInt32(truncatingIfNeeded: h)
  }
}
