import NixLexer

// MARK: - Functions

extension Parser {
  /// Whether the `{` at the cursor opens formal parameters rather than an attribute set.
  ///
  /// `{ }:`, `{ } @`, `{ ...`, `{ a,`, `{ a ?`, `{ a }:` and `{ a } @` are formals.
  func formalsAhead() -> Bool {
    switch peek(1) {
    case .rightBrace: return peek(2) == .colon || peek(2) == .at
    case .ellipsis: return true
    case .identifier:
      switch peek(2) {
      case .comma, .question: return true
      case .rightBrace: return peek(3) == .colon || peek(3) == .at
      default: return false
      }
    default: return false
    }
  }

  /// `x: body`, `x @ { … }: body`, `{ … }: body` or `{ … } @ x: body`.
  func parseLambda() -> Expr {
    let start = currentSpan
    var parameter: Symbol? = nil
    var parameterSpan: Span? = nil
    var formals: Formals? = nil
    if at(.identifier) {
      parameterSpan = currentSpan
      parameter = internName(advance())
      if eat(.at) != nil {
        if at(.leftBrace) {
          formals = parseFormals()
        } else {
          report(.unexpected(found: kind, expecting: "'{'"), at: currentSpan)
        }
      }
    } else {
      formals = parseFormals()
      if eat(.at) != nil {
        if at(.identifier) {
          parameterSpan = currentSpan
          parameter = internName(advance())
        } else {
          report(.unexpected(found: kind, expecting: "identifier"), at: currentSpan)
        }
      }
    }
    if let parameter, let formals, formals.entries.contains(where: { $0.name == parameter }) {
      report(.duplicateFormal(name: symbols[parameter]), at: start)
    }
    expect(.colon)
    let body = parseExpr()
    return .lambda(
      Lambda(parameter: parameter, parameterSpan: parameterSpan, formals: formals, body: body, span: span(from: start)))
  }

  /// `{ a, b ? default, ... }`.
  func parseFormals() -> Formals {
    let open = advance()
    var entries: [Formal] = []
    var ellipsis = false
    while !at(.rightBrace), !at(.eof), !abandoned {
      if at(.ellipsis) {
        advance()
        ellipsis = true
        if !at(.rightBrace) {
          report(.unexpected(found: kind, expecting: "'}'"), at: currentSpan)
          skipFormalsRest()
        }
        break
      }
      guard at(.identifier) else {
        report(.unexpected(found: kind, expecting: "identifier or '...'"), at: currentSpan)
        skipFormalsRest()
        break
      }
      let nameSpan = currentSpan
      let name = internName(advance())
      var defaultValue: Expr? = nil
      if eat(.question) != nil { defaultValue = parseExpr() }
      if entries.contains(where: { $0.name == name }) {
        report(.duplicateFormal(name: symbols[name]), at: nameSpan)
      } else {
        entries.append(Formal(name: name, span: nameSpan, defaultValue: defaultValue))
      }
      if eat(.comma) == nil, !at(.rightBrace) {
        report(.unexpected(found: kind, expecting: "'}' or ','"), at: currentSpan)
        skipFormalsRest()
        break
      }
    }
    expect(.rightBrace, opening: ("'{'", span(open)))
    return Formals(entries: entries, hasEllipsis: ellipsis)
  }

  /// Skips to the `}` that closes a broken formals list.
  func skipFormalsRest() {
    var nesting = 0
    while !at(.eof) {
      switch kind {
      case .leftBrace, .leftParen, .leftBracket, .interpolationOpen: nesting += 1
      case .rightBrace, .rightParen, .rightBracket:
        if nesting == 0 { return }
        nesting -= 1
      case .colon where nesting == 0: return
      default: break
      }
      advance()
    }
  }
}
