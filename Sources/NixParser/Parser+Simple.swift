#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NixLexer

// MARK: - Simple expressions

extension Parser {
  /// A simple expression: a literal, a variable, a string, a path, `( … )`, a set or a list.
  func parseSimple() -> Expr {
    let token = current
    let start = span(token)
    switch token.kind {
    case .identifier:
      advance()
      let name = internName(token)
      if name == curPosSymbol { return .currentPosition(CurrentPosition(span: start)) }
      return .variable(Variable(name, span: start))
    case .integer:
      advance()
      return parseInteger(token)
    case .float:
      advance()
      // As Nix: strtod, and a value out of range (overflow or underflow) is an error.
      let literal = String(decoding: text(token), as: UTF8.self)
      errno = 0
      let value = strtod(literal, nil)
      if errno != 0 {
        report(.invalidFloat(text: literal), at: start)
        return .float(FloatLiteral(0, span: start))
      }
      return .float(FloatLiteral(value, span: start))
    case .uri:
      advance()
      return .string(StringLiteral(slice: text(token), span: start))
    case .searchPath:
      advance()
      let inner = text(token).dropFirst().dropLast()
      let findFile = Expr.variable(Variable(symbols.intern("__findFile"), span: start))
      let nixPath = Expr.variable(Variable(symbols.intern("__nixPath"), span: start))
      return .call(
        Call(function: findFile, arguments: [nixPath, .string(StringLiteral(Array(inner), span: start))], span: start))
    case .stringOpen:
      return parseString()
    case .indStringOpen:
      return parseIndentedString()
    case .path, .homePath:
      return parsePath()
    case .leftParen:
      advance()
      let inner = parseExpr()
      expect(.rightParen, opening: ("'('", start))
      return inner
    case .leftBrace:
      advance()
      let set = parseBindings(isRecursive: false, context: .attrSet, closer: .rightBrace)
      expect(.rightBrace, opening: ("'{'", start))
      set.extendSpan(to: span(from: start))
      return .attrSet(set)
    case .kwRec:
      advance()
      let open = currentSpan
      guard expect(.leftBrace) else { return missing(at: start) }
      let set = parseBindings(isRecursive: true, context: .attrSet, closer: .rightBrace)
      expect(.rightBrace, opening: ("'{'", open))
      set.extendSpan(to: span(from: start))
      return .attrSet(set)
    case .kwLet where peek() == .leftBrace:
      // Legacy `let { …; body = …; }`: the `body` attribute of a recursive set.
      advance()
      let open = currentSpan
      advance()
      let set = parseBindings(isRecursive: true, context: .attrSet, closer: .rightBrace)
      expect(.rightBrace, opening: ("'{'", open))
      set.extendSpan(to: span(from: start))
      return .select(
        Select(
          target: .attrSet(set), path: [.name(symbols.intern("body"), start)], fallback: nil,
          span: span(from: start)))
    case .leftBracket:
      return parseList()
    default:
      return parseUnexpected()
    }
  }

  /// Reports a token that cannot start an expression. A stray token is skipped and the
  /// expression after it parsed; a closing token is left for the construct it closes.
  func parseUnexpected() -> Expr {
    let start = currentSpan
    report(.unexpected(found: kind, expecting: TokenSets.isCloser(kind) ? "an expression" : nil), at: start)
    if TokenSets.isCloser(kind) || abandoned { return missing(at: start) }
    advance()
    guard enter() else { return missing(at: start) }
    defer { leave() }
    if TokenSets.startsExpression(kind) { return parseExpr() }
    if !TokenSets.isCloser(kind) { return parseSelect() }
    return missing(at: start)
  }

  /// An integer literal; beyond 64 bits it is an error, as in Nix.
  func parseInteger(_ token: Token) -> Expr {
    var value: Int64 = 0
    var overflow = false
    for b in text(token) {
      let (m, o1) = value.multipliedReportingOverflow(by: 10)
      let (a, o2) = m.addingReportingOverflow(Int64(b - UInt8(ascii: "0")))
      overflow = overflow || o1 || o2
      value = a
    }
    if overflow {
      report(.invalidInteger(text: String(decoding: text(token), as: UTF8.self)), at: span(token))
      value = 0
    }
    return .int(IntLiteral(value, span: span(token)))
  }

  /// `[ a b c ]`: elements are selections (`[ f x ]` has two elements).
  func parseList() -> Expr {
    let start = currentSpan
    advance()
    guard enter() else { return missing(at: start) }
    defer { leave() }
    var elements: [Expr] = []
    while !at(.rightBracket), !at(.eof), !abandoned {
      if TokenSets.startsSimple(kind) || (at(.kwLet) && peek() == .leftBrace) {
        elements.append(parseSelect())
      } else if TokenSets.isCloser(kind) {
        break
      } else {
        report(.unexpected(found: kind, expecting: "a list element or ']'"), at: currentSpan)
        advance()
      }
    }
    expect(.rightBracket, opening: ("'['", start))
    return .list(ListLiteral(elements, span: span(from: start)))
  }

  // MARK: - Paths

  /// A path: its first part made absolute, then any interpolations and more text.
  func parsePath() -> Expr {
    let token = advance()
    let start = span(token)
    let raw = String(decoding: text(token), as: UTF8.self)
    var resolved: String
    if token.kind == .homePath {
      if let home = options.homeDirectory {
        resolved = home + String(raw.dropFirst())
      } else {
        report(.homePathInPureMode(path: raw), at: start)
        resolved = raw
      }
    } else {
      resolved = PathNames.absolute(raw, base: file.directory)
      if raw.hasSuffix("/"), raw.utf8.count > 1 { resolved += "/" }
    }
    let head = Expr.path(PathLiteral(resolved, span: start))
    var parts: [Expr] = [head]
    var interpolated = false
    while !at(.pathEnd), !at(.eof), !abandoned {
      if at(.pathText) {
        let t = advance()
        parts.append(.string(StringLiteral(slice: text(t), span: span(t))))
      } else if at(.interpolationOpen) {
        interpolated = true
        parts.append(parseInterpolation())
      } else {
        break
      }
    }
    // Nix's grammar takes more path text only around an interpolation (`./a//b` is an error).
    if parts.count > 1, !interpolated {
      report(.unexpected(found: .pathEnd, expecting: "'${'"), at: currentSpan)
    }
    _ = eat(.pathEnd)
    if parts.count == 1 { return head }
    return .concatStrings(ConcatStrings(forceString: false, parts: parts, span: span(from: start)))
  }

  /// `${ expr }`, returning the expression.
  func parseInterpolation() -> Expr {
    let open = advance()
    guard enter() else { return missing(at: span(open)) }
    defer { leave() }
    let inner = parseExpr()
    expect(.rightBrace, opening: ("'${'", span(open)))
    return inner
  }
}
