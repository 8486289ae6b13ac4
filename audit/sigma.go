package audit

import (
	"context"
	"strings"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/sigma"
)

// Sigma is the detector that runs Sigma rules; its alerts carry the rule's
// id, level, title and tags, and as the reason the fields that matched.
type Sigma struct {
	Set *sigma.Set
}

// Name implements Detector.
func (s *Sigma) Name() string { return "sigma" }

// Observe implements Detector.
func (s *Sigma) Observe(_ context.Context, ev *mamori.Event, emit func(mamori.Alert)) error {
	if ev.Source != "aws.cloudtrail" {
		return nil
	}
	s.Set.Match(ev, func(r *sigma.Rule, why []sigma.FieldMatch) {
		var parts []string
		for _, w := range why {
			parts = append(parts, w.Field+" = "+w.Value+" ("+w.Pattern+")")
		}
		en := "matched " + strings.Join(parts, "; ")
		ja := "一致した項目: " + strings.Join(parts, "、")
		a := NewAlert(r.ID, "sigma", r.Level, r.Title, mamori.Text{En: en, Ja: ja}, ev)
		a.Tags = r.Tags
		emit(a)
	})
	return nil
}

// Close implements Detector.
func (s *Sigma) Close(context.Context) error { return nil }
