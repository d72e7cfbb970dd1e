package main

import (
	"encoding/json"
	"fmt"
)

type Item struct {
	Name  string   `json:"name"`
	Price float64  `json:"price"`
	Tags  []string `json:"tags,omitempty"`
}

func main() {
	b, err := json.Marshal(Item{Name: "pen", Price: 1.5})
	fmt.Println(string(b), err)
	var it Item
	err = json.Unmarshal([]byte(`{"name":"cup","price":3,"tags":["a","b"]}`), &it)
	fmt.Println(it.Name, it.Price, it.Tags, err)
	var m map[string]any
	_ = json.Unmarshal([]byte(`{"x":1,"y":[true,null]}`), &m)
	fmt.Println(m["x"], m["y"])
}
