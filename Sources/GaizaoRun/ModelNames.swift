import GaizaoModel

// Foundation has a `Unit` and GRDB a `Column`; in gaizao those words mean the model's.
typealias Unit = GaizaoModel.Unit
typealias Column = GaizaoModel.Column
