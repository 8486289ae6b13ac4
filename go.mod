module github.com/mamori-sec/mamori

go 1.26.8
