module example.com/shop

go 1.21.5

require (
	github.com/gin-gonic/gin v1.6.0
	golang.org/x/net v0.17.0
	golang.org/x/text v0.14.0
)
