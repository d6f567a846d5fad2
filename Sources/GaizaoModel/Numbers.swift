import Foundation

extension Double {
    /// How a clerk writes the number: `12` not `12.0`, otherwise the shortest exact decimal.
    public var plain: String { rounded() == self && abs(self) < 1e15 ? String(Int64(self)) : String(self) }
}
