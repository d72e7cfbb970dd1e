package jupyter

import "testing"

func TestPagerRE(t *testing.T) {
	cases := map[string]string{
		"strings.ToUpper?": "strings.ToUpper",
		"?fmt.Println":     "fmt.Println",
		"  x ?? ":          "x",
		"// what?":         "",
		"a == b?":          "",
		"x\ny?":            "",
	}
	for code, want := range cases {
		got := ""
		if sm := pagerRE.FindStringSubmatch(code); sm != nil {
			got = sm[1] + sm[2]
		}
		if got != want {
			t.Errorf("%q: got %q, want %q", code, got, want)
		}
	}
}
