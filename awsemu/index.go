package awsemu

import "sync"

// Lookups by name answer per-resource calls (GetBucketPolicy, ListMFADevices,
// GetAccessKeyLastUsed, ...) in constant time. A linear search made the
// emulator quadratic: at --demo-scale 100000 every one of 15 000 buckets was
// found among 15 000 for each of its ten calls. An index is built on first
// use and again whenever the list it covers has changed length (world files
// are not edited while served; the length check is a guard, not a protocol).

var indexMu sync.Mutex

// byName indexes a list by one name of each item; the first item of a
// name wins, as the linear search it replaced did.
type byName[T any] struct {
	n  int
	by map[string]*T
}

// lookup returns the item of items called name, building *ix when it is
// missing or was built for a list of another length. The caller holds
// indexMu.
func lookup[T any](ix **byName[T], items []*T, nameOf func(*T) string, name string) *T {
	if *ix == nil || (*ix).n != len(items) {
		b := &byName[T]{n: len(items), by: make(map[string]*T, len(items))}
		for _, it := range items {
			if _, dup := b.by[nameOf(it)]; !dup {
				b.by[nameOf(it)] = it
			}
		}
		*ix = b
	}
	return (*ix).by[name]
}

// bucketNamed returns the bucket called name, or nil.
func (s *S3) bucketNamed(name string) *S3Bucket {
	indexMu.Lock()
	defer indexMu.Unlock()
	return lookup(&s.index, s.Buckets, func(b *S3Bucket) string { return b.Name }, name)
}

type userIndex struct {
	n    int
	by   map[string]*IAMUser
	keys map[string]userKey // access key ID -> user and key
}

type userKey struct {
	user *IAMUser
	key  *IAMAccessKey
}

func (st *IAM) users(account string) *userIndex {
	if st.index == nil || st.index.n != len(st.Users) {
		ix := &userIndex{n: len(st.Users), by: make(map[string]*IAMUser, len(st.Users)), keys: map[string]userKey{}}
		for _, u := range st.Users {
			if _, dup := ix.by[u.Name]; !dup {
				ix.by[u.Name] = u
			}
			for i, k := range u.AccessKeys {
				id := k.id(account+"/"+u.Name, i)
				if _, dup := ix.keys[id]; !dup {
					ix.keys[id] = userKey{u, k}
				}
			}
		}
		st.index = ix
	}
	return st.index
}

// userNamed returns the user called name, or nil.
func (st *IAM) userNamed(account, name string) *IAMUser {
	indexMu.Lock()
	defer indexMu.Unlock()
	return st.users(account).by[name]
}

// userKeyID returns the user and the access key with the key ID, or nils.
func (st *IAM) userKeyID(account, id string) (*IAMUser, *IAMAccessKey) {
	indexMu.Lock()
	defer indexMu.Unlock()
	k := st.users(account).keys[id]
	return k.user, k.key
}

// keyWithID returns the KMS key with the id (not the ARN), or nil.
func (k *KMS) keyWithID(id string) *KMSKey {
	indexMu.Lock()
	defer indexMu.Unlock()
	return lookup(&k.index, k.Keys, func(key *KMSKey) string { return key.ID }, id)
}
