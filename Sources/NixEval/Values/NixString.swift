/// The bytes of a Nix string (not necessarily UTF-8), with the ``StringContext`` Nix attaches
/// to strings that refer to store paths.
///
/// One word: a string without context holds its byte array, a string with context a
/// ``ContextualBytes`` box holding the bytes and the context. Both are single class pointers,
/// so Swift keeps the case in their spare bits and a ``Value`` stays as small as it was; a
/// plain string costs what a bare `[UInt8]` costs. Equality and hashing look at the bytes
/// only: context never changes what a string is equal to, as in Nix.
public struct NixString: Hashable, Sendable {
  @usableFromInline enum Storage: Sendable {
    case plain([UInt8])
    case contextual(ContextualBytes)
  }

  @usableFromInline var storage: Storage

  /// A string of `bytes` without context.
  @inlinable public init(_ bytes: [UInt8]) { storage = .plain(bytes) }
  /// A string of the UTF-8 of `text` without context.
  public init(_ text: String) { storage = .plain(Array(text.utf8)) }
  /// A string of `bytes` referring to `context`.
  public init(_ bytes: [UInt8], context: StringContext) {
    storage = context.isEmpty ? .plain(bytes) : .contextual(ContextualBytes(bytes, context))
  }
  /// A string of the UTF-8 of `text` referring to `context`.
  public init(_ text: String, context: StringContext) { self.init(Array(text.utf8), context: context) }

  /// The bytes. Changing them keeps the context, and changes them in place when this string
  /// is their only owner.
  public var bytes: [UInt8] {
    @inlinable get {
      switch storage {
      case .plain(let b): return b
      case .contextual(let c): return c.bytes
      }
    }
    set {
      switch storage {
      case .plain: storage = .plain(newValue)
      case .contextual(let c): storage = .contextual(ContextualBytes(newValue, c.context))
      }
    }
    _modify {
      switch storage {
      case .plain(var b):
        // Drop this string's reference first, so that the array is uniquely owned while it
        // is changed.
        storage = .plain([])
        defer { storage = .plain(b) }
        yield &b
      case .contextual(var box):
        storage = .plain([])
        if !isKnownUniquelyReferenced(&box) { box = ContextualBytes(box.bytes, box.context) }
        defer { storage = .contextual(box) }
        yield &box.bytes
      }
    }
  }

  /// What the string refers to (empty for most strings).
  public var context: StringContext {
    switch storage {
    case .plain: return .empty
    case .contextual(let c): return c.context
    }
  }

  /// Whether the string refers to anything in the store.
  @inlinable public var hasContext: Bool {
    if case .contextual = storage { return true }
    return false
  }

  /// The same bytes without context.
  public var withoutContext: NixString {
    switch storage {
    case .plain: return self
    case .contextual(let c): return NixString(c.bytes)
    }
  }

  /// Other bytes with this string's context (a part of it, a changed copy).
  @inlinable public func withSameContext(_ other: [UInt8]) -> NixString {
    switch storage {
    case .plain: return NixString(other)
    case .contextual(let c): return NixString(storage: .contextual(ContextualBytes(other, c.context)))
    }
  }

  @inlinable init(storage: Storage) { self.storage = storage }

  /// The same bytes with `context` instead.
  public func with(context: StringContext) -> NixString { NixString(bytes, context: context) }

  /// The bytes decoded as UTF-8, invalid sequences replaced.
  public var text: String { String(decoding: bytes, as: UTF8.self) }

  public static func == (a: NixString, b: NixString) -> Bool { a.bytes == b.bytes }
  public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}

/// The storage of a string with context: its bytes and what it refers to.
public final class ContextualBytes: @unchecked Sendable {
  @usableFromInline var bytes: [UInt8]
  @usableFromInline let context: StringContext
  @usableFromInline init(_ bytes: [UInt8], _ context: StringContext) {
    self.bytes = bytes
    self.context = context
  }
}

/// Builds a string from parts, collecting their contexts.
public struct StringBuilder {
  /// The bytes so far.
  public var bytes: [UInt8] = []
  /// The union of the parts' contexts.
  public var context: StringContext = .empty

  public init(capacity: Int = 0) { if capacity > 0 { bytes.reserveCapacity(capacity) } }

  /// Appends a string's bytes and its context.
  @inline(__always)
  public mutating func append(_ s: NixString) {
    switch s.storage {
    case .plain(let b): bytes.append(contentsOf: b)
    case .contextual(let c):
      bytes.append(contentsOf: c.bytes)
      context.formUnion(c.context)
    }
  }

  /// Appends bytes without context.
  @inline(__always)
  public mutating func append<C: Collection>(contentsOf b: C) where C.Element == UInt8 { bytes.append(contentsOf: b) }

  /// The string built.
  public var string: NixString { NixString(bytes, context: context) }
}
