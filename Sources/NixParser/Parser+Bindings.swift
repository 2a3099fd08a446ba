import NixLexer

/// Where bindings are being parsed (what is allowed differs).
enum BindingContext {
  case attrSet
  case letIn

  var name: String {
    switch self {
    case .attrSet: "attribute set"
    case .letIn: "let"
    }
  }
}

// MARK: - Bindings

extension Parser {
  /// The bindings of a set or `let`, up to (not including) `closer`.
  func parseBindings(isRecursive: Bool, context: BindingContext, closer: TokenKind) -> AttrSet {
    let set = AttrSet(isRecursive: isRecursive, span: currentSpan)
    if context == .attrSet, let pieces = startPieces() {
      parseInPieces(into: set, pieces)
      return set
    }
    while !at(closer), !at(.eof), !abandoned {
      if !parseBindingEntry(into: set, context: context) { break }
    }
    return set
  }

  /// One binding (or `inherit`) of a set or `let`; false when an error ends the bindings.
  func parseBindingEntry(into set: AttrSet, context: BindingContext) -> Bool {
    let before = index
    switch kind {
    case .kwInherit:
      parseInherit(into: set)
    case .identifier, .kwOr, .stringOpen, .interpolationOpen:
      parseBinding(into: set, context: context)
    default:
      let expecting = context == .letIn ? "'in' or a binding" : "'}' or a binding"
      report(.unexpected(found: kind, expecting: expecting), at: currentSpan)
      if at(.rightBrace) || at(.kwIn) { return false }
      if at(.rightParen) || at(.rightBracket) { advance() }
      skipToBindingEnd()
    }
    if index == before { advance() }
    return true
  }

  /// Skips a broken binding: past the next `;` at this level, or up to a closing brace.
  func skipToBindingEnd() {
    var nesting = 0
    while !at(.eof) {
      switch kind {
      case .leftBrace, .leftParen, .leftBracket, .interpolationOpen:
        nesting += 1
      case .rightBrace:
        if nesting == 0 { return }
        nesting -= 1
      case .rightParen, .rightBracket:
        // At this level a `)` or `]` closes nothing: skip it with the rest of the binding.
        if nesting > 0 { nesting -= 1 }
      case .semicolon where nesting == 0:
        advance()
        return
      case .kwIn where nesting == 0:
        return
      default: break
      }
      advance()
    }
  }

  /// `a.b.c = value;`
  func parseBinding(into set: AttrSet, context: BindingContext) {
    let pathStart = currentSpan
    // The common case, `name = value;`, without building a path array.
    if kind == .identifier || kind == .kwOr, peek() == .equal {
      let name = internName(current)
      advance()
      advance()
      let value = parseBindingValue(describing: { [symbols] in symbols[name] })
      if set.index(of: name) == nil {
        set.append(AttrEntry(name: name, span: pathStart, value: .plain(value)))
        if case .lambda(let lambda) = value { lambda.name = name }
      } else {
        addAttribute([.name(name, pathStart)], span: pathStart, value: value, to: set)
      }
      return
    }
    let path = parseAttrPath()
    let pathSpan = span(from: pathStart)
    guard expect(.equal, "'.' or '='") else {
      skipToBindingEnd()
      return
    }
    let value = parseBindingValue(describing: { [self] in describe(path) })
    if context == .letIn, path.contains(where: { if case .dynamic = $0 { true } else { false } }) {
      report(.dynamicAttributeNotAllowed(context: "let"), at: pathSpan)
      return
    }
    addAttribute(path, span: pathStart, value: value, to: set)
  }

  /// The value of a binding and its `;`; a missing `;` is reported after the value.
  func parseBindingValue(describing attribute: () -> String) -> Expr {
    let errorsBefore = diagnostics.count
    let value: Expr
    // Most values are one literal or name before the `;`: build it without the descent
    // through every precedence level (the tree is the same).
    switch kind {
    case .integer where peek() == .semicolon:
      value = parseInteger(advance())
    case .identifier where peek() == .semicolon:
      value = parseSimple()
    case .stringOpen where peek() == .stringClose && peek(2) == .semicolon,
      .stringOpen where peek() == .stringText && peek(2) == .stringClose && peek(3) == .semicolon:
      value = parseString()
    default:
      inBindingValue += 1
      value = parseExpr()
      inBindingValue -= 1
    }
    if at(.semicolon) {
      advance()
      return value
    }
    // A value that was itself broken has been reported; just find the binding's end.
    if diagnostics.count > errorsBefore {
      if !(at(.rightBrace) || at(.kwIn) || at(.eof) || startsBinding()) { skipToBindingEnd() }
      return value
    }
    report(
      .missingSemicolon(attribute: attribute(), found: kind), at: value.span.endPoint,
      notes: [.init("unexpected \(kind.displayName) here", at: currentSpan)],
      help: "add ';' after the value")
    if !(at(.rightBrace) || at(.kwIn) || at(.eof) || at(.kwInherit) || startsBinding()) {
      skipToBindingEnd()
    }
    return value
  }

  /// Whether the current tokens start `name =` or `"name" =` (a binding after a missing `;`).
  func startsBinding() -> Bool {
    if nextBindingAhead() { return true }
    return at(.stringOpen) || at(.interpolationOpen)
  }

  /// `inherit a b;` or `inherit (source) a b;`
  func parseInherit(into set: AttrSet) {
    advance()
    var sourceIndex: UInt32? = nil
    if at(.leftParen) {
      let open = advance()
      let source = parseExpr()
      expect(.rightParen, opening: ("'('", span(open)))
      sourceIndex = set.appendInheritSource(source)
    }
    while !at(.semicolon), !abandoned {
      let nameSpan = currentSpan
      var name: Symbol? = nil
      switch kind {
      case .identifier, .kwOr:
        name = internName(advance())
      case .stringOpen:
        let expr = parseString()
        if case .string(let literal) = expr {
          name = symbols.intern(literal.bytes)
        } else {
          report(.dynamicAttributeNotAllowed(context: "inherit"), at: expr.span)
        }
      case .interpolationOpen:
        let expr = parseInterpolation()
        if case .string(let literal) = expr {
          name = symbols.intern(literal.bytes)
        } else {
          report(.dynamicAttributeNotAllowed(context: "inherit"), at: expr.span)
        }
      default:
        report(.unexpected(found: kind, expecting: "an attribute name or ';'"), at: nameSpan)
        if TokenSets.isCloser(kind) { return }
        skipToBindingEnd()
        return
      }
      guard let name else { continue }
      let value: AttrValue
      if let sourceIndex {
        value = .inheritedFrom(sourceIndex: sourceIndex)
      } else {
        value = .inherited(Variable(name, span: nameSpan))
      }
      if let existing = set.index(of: name) {
        report(
          .duplicateAttribute(path: symbols[name], previous: position(set.entries[existing].span)), at: nameSpan,
          notes: [.init("first defined here", at: set.entries[existing].span)])
      } else {
        set.append(AttrEntry(name: name, span: nameSpan, value: value))
      }
    }
    advance()
  }

  // MARK: - Attribute paths

  /// `a.b."c".${d}`: one or more names.
  func parseAttrPath() -> [AttrName] {
    // Most paths have a few elements: one allocation, not one per growth.
    var path: [AttrName] = []
    path.reserveCapacity(4)
    path.append(parseAttrName())
    while at(.dot), !abandoned {
      advance()
      path.append(parseAttrName())
    }
    return path
  }

  /// One element of an attribute path.
  func parseAttrName() -> AttrName {
    let start = currentSpan
    switch kind {
    case .identifier, .kwOr:
      return .name(internName(advance()), start)
    case .stringOpen:
      // `"name"` with nothing to unescape: the name is its bytes (no literal node to build).
      if peek() == .stringText, peek(2) == .stringClose, !token(index + 1).needsUnescaping {
        advance()
        let name = internName(advance())
        let close = advance()
        return .name(name, start.merged(with: span(close)))
      }
      let expr = parseString()
      if case .string(let literal) = expr { return .name(symbols.intern(literal.bytes), expr.span) }
      return .dynamic(expr, expr.span)
    case .interpolationOpen:
      // `${"a"}` is the static name `a`, as in Nix.
      let expr = parseInterpolation()
      if case .string(let literal) = expr { return .name(symbols.intern(literal.bytes), span(from: start)) }
      return .dynamic(expr, span(from: start))
    default:
      report(.unexpected(found: kind, expecting: "identifier or 'or' or '${' or '\"'"), at: start)
      if !TokenSets.isCloser(kind), !at(.equal) { advance() }
      return .name(symbols.intern("<missing>"), start)
    }
  }

  /// An attribute path as written, for messages (`a.b."c d".${…}`).
  func describe(_ path: [AttrName]) -> String {
    path.map { element -> String in
      switch element {
      case .name(let s, _): symbols[s]
      case .dynamic: "${…}"
      }
    }.joined(separator: ".")
  }
}
