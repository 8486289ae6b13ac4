package awsemu

import "fmt"

// RDSEventSubscription is one RDS event notification subscription.
type RDSEventSubscription struct {
	// ID is the subscription name.
	ID string `yaml:"id"`
	// SourceType is db-instance, db-cluster, db-parameter-group,
	// db-security-group, db-snapshot, ...; empty subscribes to every source.
	SourceType string `yaml:"source_type"`
	// Categories are the event categories; empty means all of them.
	Categories []string `yaml:"categories"`
	// SourceIDs limit the subscription to these sources; empty means all.
	SourceIDs []string `yaml:"source_ids"`
	// Enabled defaults to true.
	Enabled *bool `yaml:"enabled"`
	// Topic is the SNS topic name; default rds-events.
	Topic string `yaml:"topic"`
}

type rdsEventSubscriptionXML struct {
	CustomerAwsID string   `xml:"CustomerAwsId"`
	ID            string   `xml:"CustSubscriptionId"`
	ARN           string   `xml:"EventSubscriptionArn"`
	Topic         string   `xml:"SnsTopicArn"`
	Status        string   `xml:"Status"`
	SourceType    string   `xml:"SourceType,omitempty"`
	SourceIDs     []string `xml:"SourceIdsList>SourceId"`
	Categories    []string `xml:"EventCategoriesList>EventCategory"`
	Enabled       bool     `xml:"Enabled"`
}

func rdsDescribeEventSubscriptions(c *Call) error {
	var all []*RDSEventSubscription
	name := c.Form.Get("SubscriptionName")
	for _, s := range c.rds().EventSubscriptions {
		if name == "" || name == s.ID {
			all = append(all, s)
		}
	}
	if name != "" && len(all) == 0 {
		return NotFound("SubscriptionNotFound", "Subscription %s not found.", name)
	}
	start, end, next := Page(len(all), c.Form.Get("Marker"), 0, 100)
	out := struct {
		Subs   []rdsEventSubscriptionXML `xml:"EventSubscriptionsList>EventSubscription"`
		Marker string                    `xml:"Marker,omitempty"`
	}{Marker: next}
	for _, s := range all[start:end] {
		x := rdsEventSubscriptionXML{
			CustomerAwsID: c.Account.ID, ID: s.ID,
			ARN:    fmt.Sprintf("arn:aws:rds:%s:%s:es:%s", c.Region, c.Account.ID, s.ID),
			Topic:  fmt.Sprintf("arn:aws:sns:%s:%s:%s", c.Region, c.Account.ID, rdsDefault(s.Topic, "rds-events")),
			Status: "active", SourceType: s.SourceType, SourceIDs: s.SourceIDs, Categories: s.Categories,
			Enabled: s.Enabled == nil || *s.Enabled,
		}
		if !x.Enabled {
			x.Status = "inactive"
		}
		out.Subs = append(out.Subs, x)
	}
	return c.QueryResult(out)
}
