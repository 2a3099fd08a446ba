/// Identifies one source file inside a ``SourceMap`` (or standalone: `0`).
public struct SourceFileID: Hashable, Sendable {
  /// The index of the file in its source map.
  public let rawValue: UInt32

  /// Creates an identifier from its raw index.
  public init(_ rawValue: UInt32) { self.rawValue = rawValue }
}

/// A half-open byte range `start..<end` in one source file.
///
/// Every token, syntax node and diagnostic carries a span. Lines and columns are computed
/// only when a span is rendered (``SourceFile/location(of:)``), so spans stay small.
public struct Span: Hashable, Sendable {
  /// The file the bytes belong to.
  public var file: SourceFileID
  /// The offset of the first byte.
  public var start: UInt32
  /// The offset just past the last byte (equal to `start` for an empty span).
  public var end: UInt32

  /// Creates a span over `start..<end` of `file`.
  public init(file: SourceFileID, start: UInt32, end: UInt32) {
    self.file = file
    self.start = start
    self.end = max(start, end)
  }

  /// The number of bytes covered.
  public var length: Int { Int(end - start) }

  /// The smallest span covering both `self` and `other` (which must be in the same file).
  public func merged(with other: Span) -> Span {
    Span(file: file, start: min(start, other.start), end: max(end, other.end))
  }

  /// An empty span at this span's start.
  public var startPoint: Span { Span(file: file, start: start, end: start) }

  /// An empty span at this span's end.
  public var endPoint: Span { Span(file: file, start: end, end: end) }
}
