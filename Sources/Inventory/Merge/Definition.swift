import NixEval
import NixLexer

/// One definition of an option: a (lazy) Nix value, where it was written, and the priority and
/// order the module-system markers (`mkOverride`, `mkOrder`) gave it.
public struct Definition {
  public var value: Value
  public var span: Span
  /// `mkOverride` priority: lower wins; a plain definition is 100, `mkDefault` 1000, `mkForce` 50.
  public var priority: Int = 100
  /// `mkOrder` priority for list concatenation: `mkBefore` 500, plain 1000, `mkAfter` 1500.
  public var order: Int = 1000

  public init(_ value: Value, at span: Span) {
    self.value = value
    self.span = span
  }
}

/// Runs an evaluation step, turning its failure into an ``InventoryError``.
@inline(__always)
func evaluating<T>(_ body: () throws(EvalError) -> T) throws(InventoryError) -> T {
  do throws(EvalError) {
    return try body()
  } catch {
    throw InventoryError(error)
  }
}
