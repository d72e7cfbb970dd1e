package display

import (
	"html"
	"strings"
	"text/tabwriter"
)

// Table returns a table as text/html (a front end draws it with its own
// style), text/markdown and aligned text/plain. Cells are printed with Format,
// except strings, which are shown as they are. Rows shorter than header are
// padded with empty cells.
//
//	display.Table([]string{"epoch", "loss", "accuracy"},
//		[]any{1, 0.31, 0.91},
//		[]any{2, 0.12, 0.96})
func Table(header []string, rows ...[]any) Data {
	cells := tableCells(header, rows)
	return MIME(MIMEMap{
		MIMETypeHTML:     tableHTML(header, cells),
		MIMETypeMarkdown: tableMarkdown(header, cells),
		MIMETypeText:     tableText(header, cells),
	}, nil)
}

func tableCells(header []string, rows [][]any) [][]string {
	out := make([][]string, len(rows))
	for i, row := range rows {
		n := max(len(row), len(header))
		out[i] = make([]string, n)
		for j, v := range row {
			if s, ok := v.(string); ok {
				out[i][j] = s
				continue
			}
			out[i][j] = Format(v)
		}
	}
	return out
}

func tableHTML(header []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString("<table>\n")
	if len(header) > 0 {
		b.WriteString("<thead><tr>")
		for _, h := range header {
			b.WriteString("<th>" + html.EscapeString(h) + "</th>")
		}
		b.WriteString("</tr></thead>\n")
	}
	b.WriteString("<tbody>\n")
	for _, row := range rows {
		b.WriteString("<tr>")
		for _, c := range row {
			b.WriteString("<td>" + html.EscapeString(c) + "</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>")
	return b.String()
}

func tableMarkdown(header []string, rows [][]string) string {
	width := len(header)
	for _, r := range rows {
		width = max(width, len(r))
	}
	if width == 0 {
		return ""
	}
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("|")
		for i := range width {
			c := ""
			if i < len(cells) {
				c = markdownCell(cells[i])
			}
			b.WriteString(" " + c + " |")
		}
		b.WriteString("\n")
	}
	line(header)
	b.WriteString("|" + strings.Repeat(" --- |", width) + "\n")
	for _, r := range rows {
		line(r)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

var markdownCellEscaper = strings.NewReplacer("|", `\|`, "\n", " ")

func markdownCell(s string) string { return markdownCellEscaper.Replace(s) }

func tableText(header []string, rows [][]string) string {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	write := func(cells []string) {
		for i, c := range cells {
			if i > 0 {
				_, _ = w.Write([]byte("\t"))
			}
			_, _ = w.Write([]byte(strings.ReplaceAll(c, "\n", " ")))
		}
		_, _ = w.Write([]byte("\n"))
	}
	if len(header) > 0 {
		write(header)
	}
	for _, r := range rows {
		write(r)
	}
	_ = w.Flush()
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}
