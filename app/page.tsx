import { Editor } from '@/components/editor/Editor';

/** The editor is the home page: a preset (or the last session) opens at once. */
export default function Home() {
  return <Editor />;
}
