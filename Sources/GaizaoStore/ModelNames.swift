import GaizaoModel

// Foundation has a `Unit` and GRDB a `Column`; in gaizao those words mean the model's.
package typealias Unit = GaizaoModel.Unit
package typealias Column = GaizaoModel.Column
