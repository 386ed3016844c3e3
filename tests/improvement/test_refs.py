from improvement.refs import natural_sort_key


def test_refs_sort_as_people_read_them():
    refs = ["10", "2", "LG10", "1", "LG2", "2-2", "LG1", "3"]
    assert sorted(refs, key=natural_sort_key) == ["1", "2", "2-2", "3", "10", "LG1", "LG2", "LG10"]
