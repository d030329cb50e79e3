import { Route, Routes, useParams } from 'react-router-dom';
import { PipelinesListPage } from './PipelinesListPage';
import { PipelineForm } from '../PipelineForm';

function EditPipeline() {
  const { namespace, name } = useParams();
  return (
    <PipelineForm editRef={`pipeline:${namespace}/${name}`.toLowerCase()} />
  );
}

export function PipelinesPage() {
  return (
    <Routes>
      <Route index element={<PipelinesListPage />} />
      <Route path="register" element={<PipelineForm />} />
      <Route path="edit/:namespace/:name" element={<EditPipeline />} />
    </Routes>
  );
}
