import NixLexer

// MARK: - Expressions, from lowest to highest precedence

extension Parser {
  /// `expr`: a function, `assert`, `with`, `let … in`, `if`, or an operator expression.
  func parseExpr() -> Expr {
    guard enter() else { return missing(at: currentSpan) }
    defer { leave() }
    let start = currentSpan
    switch kind {
    case .identifier where peek() == .colon || peek() == .at:
      return parseLambda()
    case .leftBrace where formalsAhead():
      return parseLambda()
    case .kwAssert:
      advance()
      let condition = parseExpr()
      expect(.semicolon)
      let body = parseExpr()
      return .assertion(Assertion(condition: condition, body: body, span: span(from: start)))
    case .kwWith:
      advance()
      let scope = parseExpr()
      expect(.semicolon)
      let body = parseExpr()
      return .with(With(scope: scope, body: body, span: span(from: start)))
    case .kwLet where peek() != .leftBrace:
      advance()
      let bindings = parseBindings(isRecursive: true, context: .letIn, closer: .kwIn)
      expect(.kwIn)
      let body = parseExpr()
      return .letIn(LetIn(bindings: bindings, body: body, span: span(from: start)))
    case .kwIf:
      advance()
      let condition = parseExpr()
      expect(.kwThen)
      let then = parseExpr()
      expect(.kwElse)
      let otherwise = parseExpr()
      return .ifThenElse(IfThenElse(condition: condition, then: then, otherwise: otherwise, span: span(from: start)))
    default:
      let lhs = parseOperators(minPrecedence: 0)
      if at(.pipeInto) || at(.pipeFrom) { return parsePipe(lhs) }
      return lhs
    }
  }

  /// `a |> f` and `f <| a`: Nix parses them only with an experimental feature, which nixinv does
  /// not have; report them as Nix does and read the rest of the chain.
  func parsePipe(_ lhs: Expr) -> Expr {
    report(.pipeOperatorsDisabled, at: currentSpan)
    while at(.pipeInto) || at(.pipeFrom), !abandoned {
      advance()
      _ = parseOperators(minPrecedence: 0)
    }
    return lhs
  }

  // MARK: - Operators

  /// Binding power and associativity of a binary operator token (Nix's precedence table).
  static func binaryPrecedence(_ kind: TokenKind) -> (precedence: Int, associativity: Associativity)? {
    switch kind {
    case .arrow: (1, .right)
    case .pipePipe: (2, .left)
    case .ampAmp: (3, .left)
    case .equalEqual, .bangEqual: (4, .none)
    case .less, .greater, .lessEqual, .greaterEqual: (5, .none)
    case .update: (6, .right)
    case .plus, .minus: (8, .left)
    case .star, .slash: (9, .left)
    case .concat: (10, .right)
    case .question: (11, .none)
    default: nil
    }
  }

  /// The precedence of prefix `!` (between `//` and `+`) and of prefix `-` (above all).
  static let notPrecedence = 7
  static let negatePrecedence = 12

  /// Operator expressions by precedence climbing; `minPrecedence` is the loosest operator taken.
  func parseOperators(minPrecedence: Int) -> Expr {
    var lhs = parsePrefix()
    var folded = 0
    defer { depth -= folded }
    while let (precedence, associativity) = Self.binaryPrecedence(kind), precedence >= minPrecedence {
      if abandoned { break }
      let opToken = advance()
      let opSpan = span(opToken)
      if opToken.kind == .question {
        let path = parseAttrPath()
        lhs = .hasAttr(HasAttr(target: lhs, path: path, span: lhs.span.merged(with: span(from: opSpan))))
      } else {
        let next = associativity == .right ? precedence : precedence + 1
        let rhs: Expr
        if TokenSets.startsExpression(kind) || !TokenSets.isCloser(kind) {
          // Right operands nest (`a ++ b ++ c` recurses): count them against the limit too.
          guard enter() else { break }
          rhs = parseOperators(minPrecedence: next)
          leave()
        } else {
          report(.unexpected(found: kind, expecting: "an expression after \(opToken.kind.displayName)"), at: currentSpan)
          rhs = missing(at: currentSpan)
        }
        lhs = makeBinary(opToken.kind, lhs, rhs, opSpan)
      }
      // Left-folded chains nest too: count them against the depth limit.
      folded += 1
      guard enter() else { break }
      // (`?` is followed by an attribute path, not an operand, so `a ? b ? c` does chain.)
      if associativity == .none, opToken.kind != .question, let (p, _) = Self.binaryPrecedence(kind),
        p == precedence
      {
        // Nix's operators of this level do not chain (`a == b == c`); report it and read on.
        report(.unexpected(found: kind, expecting: nil), at: currentSpan)
      }
    }
    return lhs
  }

  /// Builds the node Nix builds for a binary operator.
  func makeBinary(_ op: TokenKind, _ lhs: Expr, _ rhs: Expr, _ opSpan: Span) -> Expr {
    let whole = lhs.span.merged(with: rhs.span)
    func call(_ name: String, _ args: [Expr]) -> Expr {
      let fn = Expr.variable(Variable(symbols.intern(name), span: opSpan))
      return .call(Call(function: fn, arguments: args, span: whole))
    }
    func binary(_ op: BinaryOperator) -> Expr {
      .binary(BinaryOperation(op, lhs: lhs, rhs: rhs, operatorSpan: opSpan, span: whole))
    }
    switch op {
    case .arrow: return binary(.implication)
    case .pipePipe: return binary(.or)
    case .ampAmp: return binary(.and)
    case .equalEqual: return binary(.equal)
    case .bangEqual: return binary(.notEqual)
    case .update: return binary(.update)
    case .concat: return binary(.concatLists)
    case .less: return call("__lessThan", [lhs, rhs])
    case .greater: return call("__lessThan", [rhs, lhs])
    case .lessEqual: return .not(Not(call("__lessThan", [rhs, lhs]), span: whole))
    case .greaterEqual: return .not(Not(call("__lessThan", [lhs, rhs]), span: whole))
    case .plus: return .concatStrings(ConcatStrings(forceString: false, parts: [lhs, rhs], span: whole))
    case .minus: return call("__sub", [lhs, rhs])
    case .star: return call("__mul", [lhs, rhs])
    case .slash: return call("__div", [lhs, rhs])
    default: return binary(.equal)  // unreachable: only operator tokens get here
    }
  }

  /// Prefix `!` and `-`, then an application.
  func parsePrefix() -> Expr {
    let start = currentSpan
    switch kind {
    case .bang:
      advance()
      guard enter() else { return missing(at: start) }
      defer { leave() }
      let operand = parseOperators(minPrecedence: Self.notPrecedence + 1)
      return .not(Not(operand, span: span(from: start)))
    case .minus:
      advance()
      guard enter() else { return missing(at: start) }
      defer { leave() }
      let operand = parseOperators(minPrecedence: Self.negatePrecedence + 1)
      let zero = Expr.int(IntLiteral(0, span: start))
      let sub = Expr.variable(Variable(symbols.intern("__sub"), span: start))
      return .call(Call(function: sub, arguments: [zero, operand], span: span(from: start)))
    default:
      return parseApplication()
    }
  }

  // MARK: - Application and selection

  /// `f a b`: a selection followed by more selections as arguments.
  func parseApplication() -> Expr {
    let function = parseSelect()
    var arguments: [Expr] = []
    while TokenSets.startsSimple(kind) || (at(.kwLet) && peek() == .leftBrace) {
      if abandoned || (inBindingValue > 0 && nextBindingAhead()) { break }
      arguments.append(parseSelect())
    }
    if arguments.isEmpty { return function }
    let whole = function.span.merged(with: arguments[arguments.count - 1].span)
    // Nix adds arguments to a call node the function already is (`(f a) b` is `f a b`).
    if case .call(let existing) = function {
      existing.arguments.append(contentsOf: arguments)
      existing.span = existing.span.merged(with: whole)
      return function
    }
    return .call(Call(function: function, arguments: arguments, span: whole))
  }

  /// Whether the tokens ahead read `name … =` (the next binding, after a missing `;`).
  func nextBindingAhead() -> Bool {
    var i = index
    guard token(i).kind == .identifier || token(i).kind == .kwOr else { return false }
    i += 1
    while token(i).kind == .dot, token(i + 1).kind == .identifier || token(i + 1).kind == .kwOr {
      i += 2
    }
    return token(i).kind == .equal
  }

  /// `e`, `e.a.b`, `e.a.b or d`, and Nix's legacy `e or` (a call of `e` on the variable `or`).
  func parseSelect() -> Expr {
    let target = parseSimple()
    if at(.dot) {
      advance()
      let path = parseAttrPath()
      var fallback: Expr? = nil
      if eat(.kwOr) != nil {
        guard enter() else { return target }
        defer { leave() }
        fallback = parseSelect()
      }
      return .select(Select(target: target, path: path, fallback: fallback, span: target.span.merged(with: span(from: target.span))))
    }
    if at(.kwOr) {
      let orToken = advance()
      let orVar = Expr.variable(Variable(symbols.intern("or"), span: span(orToken)))
      return .call(Call(function: target, arguments: [orVar], span: target.span.merged(with: span(orToken))))
    }
    return target
  }
}

/// Associativity of a binary operator.
enum Associativity {
  case left, right, none
}
