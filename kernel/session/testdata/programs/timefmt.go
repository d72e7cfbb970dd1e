package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.Date(2024, time.March, 5, 14, 7, 9, 0, time.UTC)
	fmt.Println(t.Format("2006-01-02 15:04:05"), t.Weekday())
	fmt.Println(t.Format(time.RFC3339))
	d := 90*time.Minute + 30*time.Second
	fmt.Println(d, d.Hours())
	u := t.Add(36 * time.Hour)
	fmt.Println(u.Format("Jan 2 15:04"), u.Sub(t))
	p, err := time.Parse("2006-01-02", "2023-12-25")
	fmt.Println(p.YearDay(), err)
}
