package vuln

import (
	"regexp"
	"slices"
	"strings"

	"github.com/mamori-sec/mamori"
)

// cloudProduct is a product a managed cloud service runs, named the way
// advisories name it: a display name and the CPE vendor:product.
type cloudProduct struct {
	name, cpe string
	// minor: the service gives only major.minor (EKS 1.29, Lambda
	// python3.12): the patch level is the provider's, so the version is a
	// least version.
	minor bool
}

// cloudEngines maps an engine name (RDS, ElastiCache, OpenSearch) to its
// product.
var cloudEngines = map[string]cloudProduct{
	"postgres":            {"PostgreSQL", "postgresql:postgresql", false},
	"aurora-postgresql":   {"PostgreSQL", "postgresql:postgresql", false},
	"mysql":               {"MySQL", "oracle:mysql", false},
	"mariadb":             {"MariaDB", "mariadb:mariadb", false},
	"aurora-mysql":        {"Amazon Aurora MySQL", "amazon:aurora_mysql", false},
	"aurora":              {"Amazon Aurora MySQL", "amazon:aurora_mysql", false},
	"oracle-ee":           {"Oracle Database", "oracle:database_server", false},
	"oracle-ee-cdb":       {"Oracle Database", "oracle:database_server", false},
	"oracle-se2":          {"Oracle Database", "oracle:database_server", false},
	"oracle-se2-cdb":      {"Oracle Database", "oracle:database_server", false},
	"sqlserver-ee":        {"Microsoft SQL Server", "microsoft:sql_server", false},
	"sqlserver-se":        {"Microsoft SQL Server", "microsoft:sql_server", false},
	"sqlserver-ex":        {"Microsoft SQL Server", "microsoft:sql_server", false},
	"sqlserver-web":       {"Microsoft SQL Server", "microsoft:sql_server", false},
	"redis":               {"Redis", "redis:redis", false},
	"valkey":              {"Valkey", "lfprojects:valkey", false},
	"memcached":           {"Memcached", "memcached:memcached", false},
	"opensearch":          {"OpenSearch", "amazon:opensearch", false},
	"elasticsearch":       {"Elasticsearch", "elastic:elasticsearch", false},
	"kubernetes":          {"Kubernetes", "kubernetes:kubernetes", true},
	"docdb":               {"Amazon DocumentDB", "amazon:documentdb", false},
	"neptune":             {"Amazon Neptune", "amazon:neptune", false},
	"custom-sqlserver-ee": {"Microsoft SQL Server", "microsoft:sql_server", false},
}

// lambdaRuntimes maps a Lambda runtime's language to its product.
var lambdaRuntimes = []struct {
	prefix string
	p      cloudProduct
}{
	{"python", cloudProduct{"Python", "python:python", true}},
	{"nodejs", cloudProduct{"Node.js", "nodejs:node.js", true}},
	{"ruby", cloudProduct{"Ruby", "ruby-lang:ruby", true}},
	{"java", cloudProduct{"Java SE", "oracle:jdk", true}},
	{"dotnet", cloudProduct{".NET", "microsoft:.net", true}},
}

var (
	leadingVersion = regexp.MustCompile(`^[0-9]+(\.[0-9]+)*`)
	runtimeVersion = regexp.MustCompile(`^([a-z]+)([0-9][0-9.]*?)(\.x)?$`)
)

// CloudComponents turns the managed services of a scan into components:
// the engine and engine version of each RDS / Aurora instance and cluster,
// ElastiCache cluster and replication group, OpenSearch domain, DocumentDB
// and Neptune cluster, the Kubernetes version of each EKS cluster and the
// language runtime of each Lambda function. Each is a product without an
// ecosystem, named by CPE so that advisories naming products (JVN, CSAF,
// NVD-style) find it, located at the resource's ID (ARN). Versions the
// service writes with its own suffixes are cut to the product's
// ("19.0.0.0.ru-2024-01.rur-2024-01.r1" -> "19.0.0.0", "OpenSearch_2.11" ->
// "2.11"); Aurora MySQL keeps its own version (its MySQL-compatible version
// is not derived). A service that gives only major.minor (EKS, Lambda) is a
// least version: its matches are candidates, as every CPE match is.
func CloudComponents(rs []mamori.Resource) []mamori.Component {
	var out []mamori.Component
	seen := map[string]bool{}
	add := func(r *mamori.Resource, p cloudProduct, version string) {
		if version == "" {
			return
		}
		c := mamori.Component{Name: p.name, Version: version, Location: r.ID, MinVersion: p.minor,
			CPE: "cpe:2.3:a:" + p.cpe + ":" + version + ":*:*:*:*:*:*:*"}
		if seen[c.Key()] {
			return
		}
		seen[c.Key()] = true
		out = append(out, c)
	}
	for i := range rs {
		r := &rs[i]
		attr := func(k string) string {
			s, _ := r.Attributes[k].(string)
			return strings.TrimSpace(s)
		}
		switch r.Type {
		case "aws_db_instance", "aws_rds_cluster", "aws_elasticache_cluster", "aws_elasticache_replication_group",
			"aws_docdb_cluster", "aws_neptune_cluster":
			engine := strings.ToLower(attr("engine"))
			if engine == "" && strings.HasPrefix(r.Type, "aws_elasticache") {
				engine = "redis"
			}
			p, ok := cloudEngines[engine]
			if !ok {
				continue
			}
			v := attr("engine_version")
			if engine != "aurora-mysql" && engine != "aurora" {
				v = leadingVersion.FindString(v)
			}
			add(r, p, v)
		case "aws_opensearch_domain", "aws_elasticsearch_domain":
			v := attr("engine_version")
			if v == "" {
				v = "Elasticsearch_" + attr("elasticsearch_version")
			}
			eng, ver, ok := strings.Cut(v, "_")
			if !ok {
				eng, ver = "OpenSearch", v
			}
			if p, ok := cloudEngines[strings.ToLower(eng)]; ok {
				add(r, p, leadingVersion.FindString(ver))
			}
		case "aws_eks_cluster":
			add(r, cloudEngines["kubernetes"], leadingVersion.FindString(attr("version")))
		case "aws_lambda_function":
			m := runtimeVersion.FindStringSubmatch(strings.ToLower(attr("runtime")))
			if m == nil {
				continue
			}
			for _, lr := range lambdaRuntimes {
				if m[1] == lr.prefix {
					add(r, lr.p, m[2])
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b mamori.Component) int { return strings.Compare(a.Key(), b.Key()) })
	return out
}
