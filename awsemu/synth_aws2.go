package awsemu

import "fmt"

// Synthetic data for ElastiCache, OpenSearch and Redshift (h-aws2), in the
// APIs' response shapes, with the usual share of mistakes.

func synthElastiCache(g *Gen, a *Account, region string, n int) {
	d := a.Region(region).data()
	d.Add("elasticache", "subnet_groups", map[string]any{"CacheSubnetGroupName": "cache-private", "VpcId": "vpc-" + g.ID(17),
		"Subnets": []any{map[string]any{"SubnetIdentifier": "subnet-" + g.ID(17)}, map[string]any{"SubnetIdentifier": "subnet-" + g.ID(17)}}})
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("cache-%s-%d", g.ID(5), i)
		arn := "arn:aws:elasticache:" + region + ":" + a.ID + ":"
		sg := []any{map[string]any{"SecurityGroupId": "sg-" + g.ID(17), "Status": "active"}}
		group := g.Pick("cache-private", "cache-private", "default")
		if g.Chance(0.3) {
			d.Add("elasticache", "cache_clusters", map[string]any{"CacheClusterId": id, "ARN": arn + "cluster:" + id, "Engine": "memcached",
				"EngineVersion": g.Pick("1.6.22", "1.6.17", "1.6.6"), "CacheNodeType": "cache.t3.small", "CacheClusterStatus": "available", "NumCacheNodes": 2,
				"CacheSubnetGroupName": group, "SecurityGroups": sg, "TransitEncryptionEnabled": g.Chance(0.4), "AutoMinorVersionUpgrade": g.Chance(0.7),
				"ConfigurationEndpoint": map[string]any{"Address": id + ".cfg." + region + ".cache.amazonaws.com", "Port": 11211}})
			continue
		}
		tls := g.Chance(0.6)
		d.Add("elasticache", "replication_groups", map[string]any{"ReplicationGroupId": id, "ARN": arn + "replicationgroup:" + id,
			"Engine": g.Pick("redis", "redis", "valkey"), "Status": "available", "MemberClusters": []any{id + "-001"},
			"NodeGroups":        []any{map[string]any{"NodeGroupId": "0001", "PrimaryEndpoint": map[string]any{"Address": id + "." + region + ".cache.amazonaws.com", "Port": 6379}}},
			"AutomaticFailover": g.Pick("enabled", "disabled"), "MultiAZ": g.Pick("enabled", "disabled"), "SnapshotRetentionLimit": []int{0, 1, 7}[g.R.IntN(3)],
			"AuthTokenEnabled": tls && g.Chance(0.5), "TransitEncryptionEnabled": tls, "AtRestEncryptionEnabled": g.Chance(0.6), "AutoMinorVersionUpgrade": true})
		d.Add("elasticache", "cache_clusters", map[string]any{"CacheClusterId": id + "-001", "ARN": arn + "cluster:" + id + "-001", "ReplicationGroupId": id,
			"Engine": "redis", "EngineVersion": g.Pick("7.1.0", "6.2.6", "5.0.6"), "CacheNodeType": "cache.t3.medium", "CacheClusterStatus": "available",
			"NumCacheNodes": 1, "CacheSubnetGroupName": group, "SecurityGroups": sg})
	}
}

func synthOpenSearch(g *Gen, a *Account, region string, n int) {
	d := a.Region(region).data()
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("search-%s-%d", g.ID(5), i)
		arn := "arn:aws:es:" + region + ":" + a.ID + ":domain/" + name
		principal := `{"AWS":"arn:aws:iam::` + a.ID + `:role/search"}`
		if g.Chance(0.1) {
			principal = `{"AWS":"*"}`
		}
		dom := map[string]any{"DomainName": name, "EngineType": "OpenSearch", "DomainId": a.ID + "/" + name, "ARN": arn,
			"EngineVersion":               g.Pick("OpenSearch_2.13", "OpenSearch_1.3", "Elasticsearch_7.10"),
			"AccessPolicies":              `{"Statement":[{"Effect":"Allow","Principal":` + principal + `,"Action":"es:*","Resource":"` + arn + `/*"}]}`,
			"ClusterConfig":               map[string]any{"InstanceCount": 1 + g.R.IntN(3), "ZoneAwarenessEnabled": g.Chance(0.5)},
			"EncryptionAtRestOptions":     map[string]any{"Enabled": g.Chance(0.7)},
			"NodeToNodeEncryptionOptions": map[string]any{"Enabled": g.Chance(0.6)},
			"DomainEndpointOptions":       map[string]any{"EnforceHTTPS": g.Chance(0.7), "TLSSecurityPolicy": g.Pick("Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-0-2019-07")},
			"AdvancedSecurityOptions":     map[string]any{"Enabled": g.Chance(0.5)}}
		if g.Chance(0.6) {
			dom["VPCOptions"] = map[string]any{"VPCId": "vpc-" + g.ID(17), "SubnetIds": []any{"subnet-" + g.ID(17)}, "SecurityGroupIds": []any{"sg-" + g.ID(17)}}
			dom["Endpoints"] = map[string]any{"vpc": "vpc-" + name + "." + region + ".es.amazonaws.com"}
		} else {
			dom["Endpoint"] = "search-" + name + "." + region + ".es.amazonaws.com"
		}
		d.Add("es", "domains", dom)
	}
}

func synthRedshift(g *Gen, a *Account, region string, n int) {
	d := a.Region(region).data()
	d.Add("redshift", "parameters", map[string]any{"ParameterGroupName": "secure", "ParameterName": "require_ssl", "ParameterValue": "true"})
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("dwh-%s-%d", g.ID(5), i)
		c := map[string]any{"ClusterIdentifier": id, "NodeType": "ra3.xlplus", "ClusterStatus": "available", "ClusterVersion": "1.0",
			"MasterUsername": g.Pick("awsuser", "admin_dwh"), "Endpoint": map[string]any{"Address": id + "." + region + ".redshift.amazonaws.com", "Port": 5439},
			"PubliclyAccessible": g.Chance(0.15), "Encrypted": g.Chance(0.7), "VpcId": "vpc-" + g.ID(17),
			"VpcSecurityGroups":                []any{map[string]any{"VpcSecurityGroupId": "sg-" + g.ID(17), "Status": "active"}},
			"ClusterParameterGroups":           []any{map[string]any{"ParameterGroupName": g.Pick("secure", "default.redshift-1.0")}},
			"AutomatedSnapshotRetentionPeriod": []int{1, 7, 35}[g.R.IntN(3)], "AllowVersionUpgrade": g.Chance(0.9), "EnhancedVpcRouting": g.Chance(0.4)}
		if g.Chance(0.5) {
			c["LoggingStatus"] = map[string]any{"LoggingEnabled": true, "LogDestinationType": "cloudwatch"}
		}
		d.Add("redshift", "clusters", c)
	}
}
