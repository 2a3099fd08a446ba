import NixLexer
import Synchronization

// MARK: - A large top-level set, parsed in pieces on two threads

/// The pieces of a large file's top-level attribute set after the first, each lexed and parsed
/// by a parser of its own, on whichever of two threads takes it first.
///
/// Generated files (package sets, inventories) are one huge set whose bindings are independent
/// until they are put into the set. The parser guesses binding boundaries spread over the file
/// (a line at the first binding's indentation after a line ending in `;`), and parses from each
/// as if just inside the set's braces, up to the next. A guess is used only when it proves
/// right: the parser of the piece before must arrive at exactly that token in its loop over the
/// set's bindings, with its lexer in the state the piece's lexer started in, the piece must
/// have no errors, and its names must not be defined earlier in the set. Then its bindings are
/// added after the earlier ones, which is what parsing them in order does. At the first piece
/// that fails, the parser goes on from where the piece before it stopped, in order, as if there
/// had been no pieces. The tree, the errors and their order are the same either way.
///
/// Pieces are taken from a shared counter, so a thread that runs slower (a busy core) simply
/// parses fewer of them.
final class SetPieces: @unchecked Sendable {
  /// The pieces in file order.
  let pieces: [Piece]
  /// The next piece to take.
  let next = Atomic<Int>(0)
  /// Set when the pieces are no longer wanted: their parsers stop early.
  let cancelled = Atomic<Bool>(false)
  /// The other thread taking pieces.
  var helper: NativeThread? = nil

  init(pieces: [Piece]) { self.pieces = pieces }

  /// One piece: from `offset` up to the next piece's `offset` (or the set's end).
  final class Piece: @unchecked Sendable {
    let offset: Int
    let end: Int?
    /// The piece's parser and its bindings, once parsed.
    var parser: Parser? = nil
    var set: AttrSet? = nil
    /// Whether its parser stopped exactly at `end`, in its loop over the set's bindings.
    var endedExactly = false

    init(offset: Int, end: Int?) {
      self.offset = offset
      self.end = end
    }
  }
}

extension Parser {
  /// How many bytes a piece should have at least; a file is cut into at most `maxPieces`.
  static let pieceSize = 256 << 10
  static let maxPieces = 8

  /// Starts parsing the pieces of the file's top-level set when this is that set and the file
  /// is large enough; nil otherwise.
  func startPieces() -> SetPieces? {
    guard !triedSplit else { return nil }
    triedSplit = true
    guard bytes.count >= options.splitThreshold, let base, diagnostics.isEmpty else { return nil }
    // The set must start the file (`{` or `rec {`).
    guard (index == 1 && token(0).kind == .leftBrace)
      || (index == 2 && token(0).kind == .kwRec && token(1).kind == .leftBrace)
    else { return nil }
    let source = UnsafeBufferPointer(start: base, count: bytes.count)
    // The first piece's lexer must not have passed the cut yet.
    var from = (available > 0 ? Int(tokens[available - 1].end) : 0) + 1
    let first = Int(current.start)
    let count = min(Self.maxPieces, max(2, (bytes.count - first) / min(Self.pieceSize, options.splitThreshold)))
    var offsets: [Int] = []
    for k in 1..<count {
      let target = max(from, first + (bytes.count - first) * k / count)
      guard let offset = Self.bindingLine(in: source, firstBinding: first, from: target) else { break }
      offsets.append(offset)
      from = offset + 1
    }
    guard !offsets.isEmpty else { return nil }
    let pieces = SetPieces(pieces: offsets.indices.map { i in
      SetPieces.Piece(offset: offsets[i], end: i + 1 < offsets.count ? offsets[i + 1] : nil)
    })
    tokens.stopBefore(offset: offsets[0])
    symbols.isShared = true
    let work = pieceWork(pieces)
    pieces.helper = NativeThread.start(stackSize: 1 << 30) { work.run() }
    return pieces
  }

  /// What a thread needs to parse pieces.
  struct PieceWork: @unchecked Sendable {
    let pieces: SetPieces
    let file: SourceFile
    let base: UnsafePointer<UInt8>
    let symbols: SymbolTable
    let options: ParserOptions
    let depth: Int

    /// Parses pieces until none is left.
    func run() {
      while !pieces.cancelled.load(ordering: .relaxed) {
        let k = pieces.next.add(1, ordering: .relaxed).oldValue
        guard k < pieces.pieces.count else { return }
        parse(pieces.pieces[k])
      }
    }

    /// Parses one piece's bindings, stopping at the next piece.
    func parse(_ piece: SetPieces.Piece) {
      let source = UnsafeBufferPointer(start: base, count: file.bytes.count)
      let tokens = TokenBuffer(
        source: source, file: file.id, from: piece.offset, insideBraces: true, keepsAll: false,
        batch: options.lexingBatch)
      if let end = piece.end { tokens.stopBefore(offset: end) }
      let parser = Parser(file: file, tokens: tokens, symbols: symbols, options: options)
      parser.base = base
      parser.depth = depth
      parser.triedSplit = true
      parser.cancellation = pieces
      let set = AttrSet(isRecursive: false, span: parser.currentSpan)
      while !parser.abandoned, parser.diagnostics.isEmpty {
        // Reading the current token first lexes up to it, so that the stop is seen when the
        // parser stands on it.
        guard !parser.at(.rightBrace), !parser.at(.eof) else { break }
        if let point = tokens.splitPoint, parser.index >= point.index {
          piece.endedExactly = parser.index == point.index && point.exact
          break
        }
        if !parser.parseBindingEntry(into: set, context: .attrSet) { break }
      }
      parser.base = nil
      piece.parser = parser
      piece.set = set
    }
  }

  func pieceWork(_ pieces: SetPieces) -> PieceWork {
    PieceWork(pieces: pieces, file: file, base: base!, symbols: symbols, options: options, depth: depth)
  }

  /// The bindings of the top-level set: up to the first cut, then the pieces' bindings as far
  /// as they prove right, then the rest in order.
  func parseInPieces(into set: AttrSet, _ pieces: SetPieces) {
    var exact = false
    while true {
      // The current token first (see ``PieceWork/parse(_:)``).
      guard !at(.rightBrace), !at(.eof), !abandoned else { break }
      if let point = tokens.splitPoint, index >= point.index {
        exact = index == point.index && point.exact && diagnostics.isEmpty && !abandoned && inBindingValue == 0
        break
      }
      if !parseBindingEntry(into: set, context: .attrSet) { break }
    }
    if exact {
      pieceWork(pieces).run()
    } else {
      pieces.cancelled.store(true, ordering: .relaxed)
    }
    pieces.helper?.join()
    symbols.isShared = false
    if exact {
      for piece in pieces.pieces {
        guard take(piece, into: set) else { break }
        if !piece.endedExactly { break }
      }
    }
    // The rest, in order (nothing when the last piece reached the closing brace).
    while !at(.rightBrace), !at(.eof), !abandoned {
      if !parseBindingEntry(into: set, context: .attrSet) { break }
    }
  }

  /// Adds a piece's bindings to `set` and goes on from where its parser stopped, when the
  /// piece parsed cleanly and defines no name `set` has; false (nothing changed) otherwise.
  func take(_ piece: SetPieces.Piece, into set: AttrSet) -> Bool {
    guard let other = piece.parser, let theirs = piece.set, other.diagnostics.isEmpty, !other.abandoned else {
      return false
    }
    for entry in theirs.entries where set.index(of: entry.name) != nil { return false }
    let shift = UInt32(set.inheritSources.count)
    for source in theirs.inheritSources { _ = set.appendInheritSource(source) }
    for var entry in theirs.entries {
      if case .inheritedFrom(let k) = entry.value { entry.value = .inheritedFrom(sourceIndex: k + shift) }
      set.append(entry)
    }
    for dynamic in theirs.dynamicAttrs { set.appendDynamic(dynamic) }
    // From here on the piece's tokens are read; the lexical errors before its start are
    // those of the tokens read so far.
    earlierLexicalDiagnostics += tokens.diagnostics.filter { Int($0.span.start) < piece.offset }
    tokens = other.tokens
    available = other.available
    index = other.index
    symbolOfNumber = other.symbolOfNumber
    piecesTaken += 1
    return true
  }

  /// The start of the first line at or after `from` that starts at the first binding's
  /// indentation with a name (or a quoted name), the line before it (passing over blank lines
  /// and `#` comments) ending in `;`. Nil when there is none soon enough, or the first
  /// binding's line does not start with indentation only.
  static func bindingLine(in source: UnsafeBufferPointer<UInt8>, firstBinding: Int, from: Int) -> Int? {
    var lineStart = firstBinding
    while lineStart > 0, source[lineStart - 1] == 0x20 || source[lineStart - 1] == 0x09 { lineStart -= 1 }
    guard lineStart > 0, source[lineStart - 1] == 0x0A else { return nil }
    let indent = firstBinding - lineStart
    // Give up after a while: the pieces would be too uneven to gain much.
    let limit = min(source.count, from + max(pieceSize / 4, source.count / 16))
    var newline = from
    while newline < limit {
      defer { newline += 1 }
      guard source[newline] == 0x0A else { continue }
      let start = newline + 1 + indent
      guard start < source.count else { return nil }
      var matches = true
      for k in 0..<indent where source[newline + 1 + k] != source[lineStart + k] {
        matches = false
        break
      }
      let first = source[start] | 0x20
      guard matches, source[start] == UInt8(ascii: "\"") || source[start] == UInt8(ascii: "_")
        || (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z"))
      else { continue }
      if previousLineEndsBinding(in: source, before: newline) { return start }
    }
    return nil
  }

  /// Whether the last line before the line ending at `newline` that is neither blank nor a `#`
  /// comment ends in `;`.
  static func previousLineEndsBinding(in source: UnsafeBufferPointer<UInt8>, before newline: Int) -> Bool {
    var end = newline
    // A few lines back at most: a long comment block is not worth following.
    for _ in 0..<8 {
      var lineStart = end
      while lineStart > 0, source[lineStart - 1] != 0x0A { lineStart -= 1 }
      var first = lineStart
      while first < end, source[first] == 0x20 || source[first] == 0x09 || source[first] == 0x0D { first += 1 }
      if first < end, source[first] != UInt8(ascii: "#") {
        var last = end
        while last > first, source[last - 1] == 0x20 || source[last - 1] == 0x09 || source[last - 1] == 0x0D { last -= 1 }
        return source[last - 1] == UInt8(ascii: ";")
      }
      guard lineStart > 0 else { return false }
      end = lineStart - 1
    }
    return false
  }
}
